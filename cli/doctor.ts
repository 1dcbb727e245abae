/**
 * `sundown doctor`: is this stack ready to take a customer's complaint and reach someone about it?
 * Secrets, each platform's handshake and each target callback over HTTP, a test notice through each alert target, parked
 * messages, and on AWS the queues, alarms and alarm e-mail. Prints what to fix; 1 on a failure.
 */
import type { SundownConfig } from '../functions/config/schema.ts';
import type { StackUrls } from './deployment.ts';
import { type CloudFormationPort, checkAlarmSubscriptions, checkStackResources, type SnsPort } from './doctor-aws.ts';
import { type CheckResult, checkDeadLetters, checkNotices } from './doctor-checks.ts';
import { checkRoutes } from './doctor-routes.ts';
import { type Io, json, table } from './output.ts';
import type { SecretStore } from './secret-stores.ts';
import { secretsCheck } from './secrets.ts';
import type { Target } from './target.ts';

export interface DoctorDeps {
  readonly config: SundownConfig;
  readonly label: string;
  readonly urls: StackUrls;
  readonly secrets: SecretStore;
  readonly target: Target;
  /** Only for a deployed stack. */
  readonly aws?: {
    readonly stage: string;
    readonly cloudFormation: CloudFormationPort;
    readonly sns: SnsPort;
    readonly alarmTopicArn?: string;
  };
}

const SILENT: Io = { out: () => undefined, err: () => undefined };

export const doctorCommand = async (
  io: Io,
  deps: DoctorDeps,
  options: { readonly waitMs: number; readonly json?: boolean },
): Promise<number> => {
  const results: CheckResult[] = [];
  const secretsCode = await secretsCheck(options.json ? SILENT : io, deps.secrets, {
    config: deps.config,
    label: deps.label,
  });
  results.push(
    secretsCode === 0
      ? { check: 'secrets', status: 'ok', detail: 'all set and usable' }
      : {
          check: 'secrets',
          status: 'fail',
          detail: 'some are missing or weak',
          fix: 'npx sundown secrets check names each; set it with npx sundown secrets set <NAME>',
        },
  );
  results.push(...(await checkRoutes(deps)));
  results.push(...(await checkDeadLetters(deps.target)));
  if (deps.aws) {
    results.push(...(await checkStackResources(deps.aws.cloudFormation, deps.aws.stage)));
    if (deps.aws.alarmTopicArn) results.push(await checkAlarmSubscriptions(deps.aws.sns, deps.aws.alarmTopicArn));
  }
  results.push(...(await checkNotices(deps, options.waitMs)));

  const failures = results.filter((r) => r.status === 'fail');
  if (options.json) {
    io.out(json({ target: deps.label, ok: failures.length === 0, checks: results }));
  } else {
    io.out('');
    io.out(
      table(
        results.map((r) => ({ ...r })),
        ['check', 'status', 'detail'],
      ),
    );
    const toFix = results.filter((r) => r.fix && r.status !== 'ok');
    if (toFix.length > 0) {
      io.out('');
      io.out('To fix:');
      for (const r of toFix) io.out(`  ${r.check}: ${r.fix}`);
    }
    io.out('');
    io.out(
      failures.length === 0
        ? `${deps.label} is ready: every check passed.`
        : `${failures.length} check(s) failed on ${deps.label}: ${failures.map((r) => r.check).join(', ')}`,
    );
  }
  return failures.length === 0 ? 0 : 1;
};
