/**
 * The benchmark's config: sundown.config.json with one SLA policy (first response only, so each
 * case holds exactly one breach timer) and a one-level chain to the in-process webhook receiver.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Secret names the config refers to; their values are set in the environment. */
export const ALERT_SECRET_NAME = 'BENCH_ALERT_WEBHOOK_SECRET';
export const ALERT_SECRET = 'whsec_YmVuY2gtYWxlcnQtd2ViaG9vay1zZWNyZXQtMDAwMDAw';
export const INBOUND_SECRET = 'whsec_YmVuY2gtaW5ib3VuZC13ZWJob29rLXNlY3JldC0wMA==';
/** The inbound source the cases arrive on (it exists in sundown.config.json). */
export const SOURCE = 'chat';

export interface BenchConfig {
  readonly path: string;
  remove(): void;
}

export const writeBenchConfig = (options: { readonly receiverUrl: string; readonly firstResponse: string }) => {
  const base = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  // Only what the run needs from the repository's config: features other sections switch on
  // (surges, departments, suppression...) would alert on a benchmark's burst of cases or name
  // targets and calendars this config does not have. Each has a default when absent.
  const { brand, accounts, inboundSources, cases, intake } = base;
  const config = {
    brand,
    accounts,
    inboundSources,
    cases,
    intake,
    calendars: {},
    sla: { policies: [{ name: 'bench', firstResponse: options.firstResponse, escalation: 'bench' }] },
    escalationChains: { bench: { levels: [{ notify: ['receiver'] }], repeat: 0 } },
    targets: { receiver: { type: 'webhook', url: options.receiverUrl, secret: ALERT_SECRET_NAME } },
  };
  const dir = mkdtempSync(join(tmpdir(), 'sundown-bench-'));
  const path = join(dir, 'sundown.config.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) } satisfies BenchConfig;
};

/** Secrets the local stack reads from the environment, fixed so a run never depends on a .env. */
export const benchSecrets = (): Record<string, string> => ({
  INBOUND_WEBHOOK_SECRET: INBOUND_SECRET,
  LINK_SIGNING_SECRET: 'bench-link-signing-secret',
  X_CONSUMER_SECRET: 'bench-x-consumer-secret',
  META_APP_SECRET: 'bench-meta-app-secret',
  META_VERIFY_TOKEN: 'bench-meta-verify-token',
  SLACK_SIGNING_SECRET: 'bench-slack-signing-secret',
  PAGERDUTY_WEBHOOK_SECRET: 'bench-pagerduty-webhook-secret',
  [ALERT_SECRET_NAME]: ALERT_SECRET,
});
