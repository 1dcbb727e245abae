/**
 * The lateness run: the whole local stack in this process (its own DynamoDB Local, the SQS
 * emulator, pollers, the sweeper on its schedule) with a webhook alert target served here.
 * Cases are opened with deadlines spread over a window that starts just beyond the writers'
 * direct-dispatch reach, so every deadline travels index → sweeper → delayed SQS message →
 * timer worker → alert queue → alert worker → HTTP POST, and each arrival is compared with
 * the deadline it is about.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sqs as stackSqs } from '../../functions/adapters/aws-clients.ts';
import { DIRECT_DISPATCH_MS } from '../../functions/use-cases/timer-dispatch.ts';
import { startLocalStack } from '../../local/stack.ts';
import { sleep, waitFor } from '../support/figures.ts';
import { ALERT_SECRET, benchSecrets, writeBenchConfig } from './config.ts';
import {
  type CreatedCases,
  type CreateMode,
  createCases,
  httpOpener,
  intakeDrained,
  useCaseOpener,
} from './create-cases.ts';
import { type ReceivedAlert, startAlertReceiver } from './receiver.ts';
import { probeStages } from './stages.ts';

export interface LatenessOptions {
  readonly timers: number;
  readonly spreadMs: number;
  readonly sweepEveryMs: number;
  readonly create: CreateMode;
  readonly concurrency: number;
  /** Cases due in the WARM_UP_MS before the first deadline, opened first and left out of every figure. */
  readonly warmUp: number;
  /** Progress lines go here (stderr), never to the table on stdout. */
  readonly progress: (line: string) => void;
}

export interface LatenessRun {
  readonly created: CreatedCases;
  /** Warm-up cases opened (their alerts, breaches and sweeps are left out of the rest). */
  readonly warmedUp: number;
  readonly received: readonly ReceivedAlert[];
  readonly rejectedDeliveries: number;
  /** Timers the sweeper handed to the timer queue, from its own reports. */
  readonly sweptTimers: number;
  readonly breachEvents: number;
  readonly stackErrors: readonly string[];
  readonly deadLetters: { readonly timers: number; readonly alerts: number; readonly intake: number };
  readonly firstDueAt: number;
  readonly lastDueAt: number;
  /** Lateness split by stage (bench/escalation/stages.ts), a printed table. */
  readonly stages: string;
}

/** Each message is dated this long before its deadline: the clock started minutes ago and runs out minutes ahead. */
const FIRST_RESPONSE = { iso: 'PT10M', ms: 10 * 60_000 };
/** Beyond the writers' direct-dispatch reach, with room for a slow write. */
const MIN_LEAD_MS = DIRECT_DISPATCH_MS + 15_000;
/**
 * How far the first planned deadline is beyond the writers' reach when the opening starts. The
 * opening is slowest at its start (the JIT and DynamoDB Local warming up): with 5 s in hand it fell
 * up to 6 s behind, and the 1,300 to 2,900 deadlines it moved later bunched into the first 40 s at
 * up to 70 alerts/s, above the 56/s this machine delivers, where the plan asks 56.
 */
const OPENING_IN_HAND_MS = 30_000;
/**
 * The warm-up's deadlines fall in this window before the first measured one, at about 15/s: the
 * stack's one process then compiles and connects its timer and alert paths while it has room,
 * rather than in the first seconds of a spread that asks it for about all it delivers (a stall
 * there backed the first 20 s up to p50 1.6 s and took a minute to drain). A deployed service is
 * warm; on Lambda each copy warms on its own CPU.
 */
const WARM_UP_MS = 25_000;
/** After the last deadline, alerts still missing by then count as missing. */
const GRACE_MS = 120_000;

const firstAlerts = (received: readonly ReceivedAlert[]): Map<string, number> => {
  const first = new Map<string, number>();
  for (const alert of received)
    if (alert.type === 'sundown.case.breached' && !first.has(alert.caseId)) first.set(alert.caseId, alert.at);
  return first;
};

export const runLateness = async (options: LatenessOptions): Promise<LatenessRun> => {
  const receiver = await startAlertReceiver(ALERT_SECRET);
  const config = writeBenchConfig({ receiverUrl: receiver.url, firstResponse: FIRST_RESPONSE.iso });
  Object.assign(process.env, benchSecrets());
  let sweptTimers = 0;
  let breachEvents = 0;
  const warmCases = new Set<string>();
  const stackErrors: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    configPath: config.path,
    tableName: 'sundown-bench',
    sweepEveryMs: options.sweepEveryMs,
    log: (line) => {
      const swept = /^sweeper handed (\d+) due timer/.exec(line);
      if (swept) sweptTimers += Number(swept[1]);
      else if (line.startsWith('event bus <- SlaBreached') && !warmCases.has(line.split(' case ')[1] ?? ''))
        breachEvents += 1;
      else if (/ error: /.test(line)) stackErrors.push(line);
    },
  });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: stack.sqsEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  // The stack's handlers, sweeper and pollers share this client: the probe watches their calls.
  const probe = probeStages(stackSqs(), { timers: stack.queues.timers.url, alerts: stack.queues.alerts.url });
  try {
    const start = Date.now();
    const firstDue = start + MIN_LEAD_MS + OPENING_IN_HAND_MS;
    const step = options.spreadMs / Math.max(1, options.timers - 1);
    const opener = options.create === 'http' ? httpOpener(stack.url) : useCaseOpener({ publisher: stack.bus });
    const open = (count: number, plannedDueAt: (index: number) => number, conversationPrefix?: string) =>
      createCases(
        {
          count,
          concurrency: options.concurrency,
          firstResponseMs: FIRST_RESPONSE.ms,
          plannedDueAt,
          minLeadMs: MIN_LEAD_MS,
          ...(conversationPrefix && { conversationPrefix }),
        },
        opener,
      );
    if (options.warmUp > 0) {
      options.progress(
        `opening ${options.warmUp} warm-up cases, due in the ${WARM_UP_MS / 1000} s before the first deadline`,
      );
      const warmStep = (WARM_UP_MS - 5_000) / Math.max(1, options.warmUp - 1);
      const warm = await open(options.warmUp, (i) => Math.round(firstDue - WARM_UP_MS + i * warmStep), 'warm-up');
      for (const caseId of warm.caseIds) if (caseId) warmCases.add(caseId);
    }
    options.progress(`opening ${options.timers} cases (${options.create}, ${options.concurrency} at once)`);
    const created = await open(options.timers, (i) => Math.round(firstDue + i * step));
    if (options.create === 'http') await intakeDrained(sqs, stack.queues.intake.url, 300_000);
    probe.startCounting();
    const firstDueAt = Math.min(...created.dueAt);
    const lastDueAt = Math.max(...created.dueAt);
    options.progress(
      `opened in ${Math.round(created.elapsedMs / 1000)} s; deadlines from +${Math.round((firstDue - start) / 1000)} s to +${Math.round((lastDueAt - start) / 1000)} s`,
    );
    const measured = () => receiver.received.filter((r) => !warmCases.has(r.caseId));
    const breaches = () => measured().filter((r) => r.type === 'sundown.case.breached').length;
    const report = setInterval(
      () =>
        options.progress(`+${Math.round((Date.now() - start) / 1000)} s: ${breaches()} alerts, ${sweptTimers} swept`),
      30_000,
    );
    await waitFor(() => breaches() >= options.timers && Date.now() > lastDueAt, lastDueAt + GRACE_MS - Date.now(), 500);
    clearInterval(report);
    // Anything sent twice would land within a poll or two of the first copy.
    await sleep(3_000);
    const depth = async (url: string) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(Attributes.ApproximateNumberOfMessages ?? 0);
    };
    return {
      created,
      warmedUp: warmCases.size,
      received: measured(),
      rejectedDeliveries: receiver.rejected(),
      // The sweeper reports counts, not cases: the warm-up's timers are taken off as a whole.
      sweptTimers: sweptTimers - warmCases.size,
      breachEvents,
      stackErrors,
      deadLetters: {
        timers: await depth(stack.queues.timers.dlqUrl),
        alerts: await depth(stack.queues.alerts.dlqUrl),
        intake: await depth(stack.queues.intake.dlqUrl),
      },
      firstDueAt,
      lastDueAt,
      stages: probe.table(firstAlerts(measured())),
    };
  } finally {
    sqs.destroy();
    await stack.stop();
    await receiver.close();
    config.remove();
  }
};
