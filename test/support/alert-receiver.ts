/**
 * The far end of a `webhook` alert target for end-to-end tests: a real HTTP endpoint that
 * verifies every Standard Webhooks signature, and a config whose escalation chain points at it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';

/** The targets' `whsec_` secret; pass it to the stack as TEST_ALERT_WEBHOOK_SECRET. */
export const ALERT_SECRET = 'whsec_dGVzdC1hbGVydC13ZWJob29rLXNlY3JldC0wMDAwMDAwMDA=';

export interface Received {
  /** When it arrived (ms since the epoch). */
  readonly at: number;
  /** Which target it was sent to: `/alerts` for pager, `/alerts/manager` for manager. */
  readonly path: string;
  readonly type: string;
  /** When the engine raised the alert. */
  readonly timestamp: string;
  readonly data: {
    alertId: string;
    caseId: string;
    escalationId: string;
    dueAt: string;
    level: number;
    round: number;
    kind: string;
    ackUrl: string;
    resolveUrl: string;
    dedupKey: string;
    customer: { name?: string };
  };
}

export interface AlertReceiver {
  readonly url: string;
  readonly received: Received[];
  /** Requests whose signature did not verify; always empty unless something is wrong. */
  readonly rejected: string[];
  /** Unsigned PagerDuty Events v2 bodies POSTed to `pagerDutyUrl` (a `pagerduty` target's events endpoint). */
  readonly pagerDuty: PagerDutyEvent[];
  readonly pagerDutyUrl: string;
  readonly server: Server;
}

export interface PagerDutyEvent {
  readonly event_action: string;
  readonly routing_key: string;
  readonly dedup_key: string;
  readonly payload?: { readonly custom_details?: { readonly case_id?: string } };
}

export const startAlertReceiver = async (): Promise<AlertReceiver> => {
  const received: Received[] = [];
  const rejected: string[] = [];
  const pagerDuty: PagerDutyEvent[] = [];
  const verifier = new Webhook(ALERT_SECRET);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.url === '/pagerduty/v2/enqueue') {
        pagerDuty.push(JSON.parse(body) as PagerDutyEvent);
        response.writeHead(202).end('{"status":"success"}');
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      try {
        const event = verifier.verify(body, headers) as Omit<Received, 'at' | 'path'>;
        received.push({ ...event, at: Date.now(), path: request.url ?? '' });
        response.writeHead(204).end();
      } catch (error) {
        rejected.push(`${(error as Error).message}: ${body.slice(0, 200)}`);
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/alerts`,
    received,
    rejected,
    pagerDuty,
    pagerDutyUrl: `${origin}/pagerduty/v2/enqueue`,
    server,
  };
};

/**
 * sundown.config.json with one SLA policy (`test`, for every case) and one chain (`test`) whose
 * levels notify `pager` (the receiver's url) and `manager` (its /manager path).
 */
export const writeEscalationConfig = (
  receiverUrl: string,
  policy: object,
  levels: object[],
  chain: { readonly repeat?: number; readonly repeatAfter?: string } = {},
): string => {
  const config = JSON.parse(readFileSync(new URL('../../sundown.config.json', import.meta.url), 'utf8'));
  // Sections that name the repo config's own targets and calendars, which this config replaces.
  for (const section of ['surge', 'suppression', 'departments']) delete config[section];
  Object.assign(config, {
    calendars: {},
    sla: { policies: [{ name: 'test', escalation: 'test', ...policy }] },
    escalationChains: { test: { levels, repeat: 0, ...chain } },
    targets: {
      pager: { type: 'webhook', url: receiverUrl, secret: 'TEST_ALERT_WEBHOOK_SECRET' },
      manager: { type: 'webhook', url: `${receiverUrl}/manager`, secret: 'TEST_ALERT_WEBHOOK_SECRET' },
    },
    // The repository's fallback names one of the targets replaced above.
    alerts: { linkTtl: 'P2D' },
  });
  const path = join(tmpdir(), `sundown-escalation-${process.pid}-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

/** Polls `condition` every 250 ms until it holds or `timeoutMs` passes. */
export const until = async (condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
};
