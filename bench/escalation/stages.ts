/**
 * Where a breach alert's lateness goes: a middleware on the stack's shared SQS client notes, for
 * each case, when the sweeper handed its timer over and with what delay, when the timer worker
 * received it, when its alert was queued, when the alert worker received that and when the timer's
 * batch was settled (deleted). With the receiver's arrival time that splits lateness into
 *   hand-over   message visible − deadline (the sweeper's whole-second delay: negative is early)
 *   timer queue timer worker received it − visible
 *   timer worker alert queued − received (of which held: the wait for its own deadline)
 *   alert queue alert worker received it − queued
 *   alert worker alert received at the webhook − alert worker received it
 * Nothing in the product changes: the probe only watches the calls the stack makes.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { decodeBody } from '../../functions/adapters/sqs/message-body.ts';
import { ms, percentile, table } from '../support/figures.ts';

interface Timeline {
  dueAt?: number;
  visibleAt?: number;
  /** How long the SendMessageBatch that handed the timer over took: the queue dates the delay from when it takes the message. */
  sendTookMs?: number;
  timerReceivedAt?: number;
  timerSettledAt?: number;
  alertQueuedAt?: number;
  alertReceivedAt?: number;
}

interface SqsEntry {
  readonly MessageBody?: string;
  readonly DelaySeconds?: number;
  readonly ReceiptHandle?: string;
}
interface SqsInput {
  readonly QueueUrl?: string;
  readonly Entries?: readonly SqsEntry[];
}
interface SqsOutput {
  readonly Messages?: readonly { readonly Body?: string; readonly ReceiptHandle?: string }[];
}

const caseOf = (body: string | undefined): { caseId?: string; kind?: string; dueAt?: string } => {
  try {
    const message = JSON.parse(decodeBody(body ?? '')) as {
      caseId?: string;
      kind?: string;
      dueAt?: string;
      alerts?: { caseId?: string }[];
    };
    return { caseId: message.caseId ?? message.alerts?.[0]?.caseId, kind: message.kind, dueAt: message.dueAt };
  } catch {
    return {};
  }
};

export interface StageProbe {
  /** The split for every case the receiver got an alert for; `deliveredAt` by case id. */
  table(deliveredAt: ReadonlyMap<string, number>): string;
  /** From now on, count CPU and batches (call it as the deadlines begin). */
  startCounting(): void;
}

/** CPU seconds of this process, and of its children (DynamoDB Local's JVM), from /proc. */
const cpuSeconds = (): { readonly node: number; readonly children: number } => {
  const { user, system } = process.cpuUsage();
  let children = 0;
  try {
    const pids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
    for (const pid of pids.filter(Boolean)) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      children += (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    children = Number.NaN;
  }
  return { node: (user + system) / 1e6, children };
};

/** One second of the stack's life: CPU spent by this process and DynamoDB Local, the event loop's delay, GC pauses. */
interface Second {
  readonly at: number;
  readonly node: number;
  readonly children: number;
  readonly loopMaxMs: number;
  readonly gcMs: number;
}

/**
 * Samples every second from start to stop: what each window of deadlines cost the machine, and
 * whether this process's event loop (handlers, pollers and the SQS emulator share it) stalled.
 */
const sampleSeconds = () => {
  const seconds: Second[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  let timer: NodeJS.Timeout | undefined;
  return {
    /** From `from`, the CPU reading the probe took as it started counting. */
    start: (from: ReturnType<typeof cpuSeconds>) => {
      let last = from;
      loop.enable();
      gc.observe({ entryTypes: ['gc'] });
      timer = setInterval(() => {
        const now = cpuSeconds();
        seconds.push({
          at: Date.now(),
          node: now.node - last.node,
          children: now.children - last.children,
          loopMaxMs: loop.max / 1e6,
          gcMs,
        });
        last = now;
        gcMs = 0;
        loop.reset();
      }, 1_000);
      timer.unref();
    },
    stop: (): readonly Second[] => {
      clearInterval(timer);
      loop.disable();
      gc.disconnect();
      return seconds;
    },
  };
};

export const probeStages = (client: SQSClient, queues: { readonly timers: string; readonly alerts: string }) => {
  const cases = new Map<string, Timeline>();
  const byReceipt = new Map<string, string>();
  const batches = { timers: [] as number[], alerts: [] as number[] };
  /** When each breach timer was sent to the timer queue (the sweeper's work, over time). */
  const timerSends: number[] = [];
  let cpuAtStart: ReturnType<typeof cpuSeconds> | undefined;
  const sampler = sampleSeconds();
  const timeline = (caseId: string): Timeline => {
    const found = cases.get(caseId) ?? {};
    cases.set(caseId, found);
    return found;
  };
  const watch = (command: string, input: SqsInput, output: SqsOutput, startedAt: number, endedAt: number) => {
    const queue = input.QueueUrl === queues.timers ? 'timers' : input.QueueUrl === queues.alerts ? 'alerts' : undefined;
    if (!queue) return;
    if (command === 'SendMessageBatchCommand') {
      for (const entry of input.Entries ?? []) {
        const { caseId, kind, dueAt } = caseOf(entry.MessageBody);
        if (!caseId) continue;
        const line = timeline(caseId);
        if (queue === 'timers' && kind === 'breach') timerSends.push(startedAt);
        if (queue === 'timers' && kind === 'breach' && line.visibleAt === undefined) {
          line.dueAt = Date.parse(dueAt ?? '');
          line.visibleAt = startedAt + (entry.DelaySeconds ?? 0) * 1000;
          line.sendTookMs = endedAt - startedAt;
        } else if (queue === 'alerts') line.alertQueuedAt ??= endedAt;
      }
    } else if (command === 'ReceiveMessageCommand') {
      if (cpuAtStart && (output.Messages?.length ?? 0) > 0) batches[queue].push(output.Messages?.length ?? 0);
      for (const message of output.Messages ?? []) {
        const { caseId, kind } = caseOf(message.Body);
        if (!caseId) continue;
        const line = timeline(caseId);
        if (queue === 'timers' && kind === 'breach') {
          line.timerReceivedAt ??= endedAt;
          byReceipt.set(message.ReceiptHandle ?? '', caseId);
        } else if (queue === 'alerts') line.alertReceivedAt ??= endedAt;
      }
    } else if (command === 'DeleteMessageBatchCommand' && queue === 'timers') {
      for (const entry of input.Entries ?? []) {
        const caseId = byReceipt.get(entry.ReceiptHandle ?? '');
        if (caseId) timeline(caseId).timerSettledAt ??= startedAt;
      }
    }
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const startedAt = Date.now();
      const result = await next(args);
      watch(String(context.commandName), args.input as SqsInput, result.output as SqsOutput, startedAt, Date.now());
      return result;
    },
    { step: 'initialize', name: 'benchStageProbe' },
  );
  return {
    startCounting: () => {
      cpuAtStart = cpuSeconds();
      sampler.start(cpuAtStart);
    },
    table: (deliveredAt) => {
      const seconds = sampler.stop();
      const cpu = cpuSeconds();
      const spent = cpuAtStart && { node: cpu.node - cpuAtStart.node, children: cpu.children - cpuAtStart.children };
      const perAlert = (seconds: number) => `${Math.round((1000 * seconds) / Math.max(1, deliveredAt.size))} ms`;
      const mean = (sizes: readonly number[]) =>
        (sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length)).toFixed(1);
      const work = table(
        'Work from the first deadline on (CPU of this process and of DynamoDB Local; receives that returned messages)',
        ['Figure', 'Value'],
        [
          [
            'CPU, this process (handlers, pollers, SQS emulator)',
            spent ? `${spent.node.toFixed(1)} s, ${perAlert(spent.node)} per alert` : 'n/a',
          ],
          [
            'CPU, DynamoDB Local',
            spent ? `${spent.children.toFixed(1)} s, ${perAlert(spent.children)} per alert` : 'n/a',
          ],
          ['Timer batches (mean messages)', `${batches.timers.length} (${mean(batches.timers)})`],
          ['Alert batches (mean messages)', `${batches.alerts.length} (${mean(batches.alerts)})`],
        ],
      );
      const complete = completeTimelines(cases, deliveredAt);
      return `${stageTable(complete)}${overTime(complete, timerSends, seconds)}${work}`;
    },
  } satisfies StageProbe;
};

type Complete = Required<Timeline> & { readonly deliveredAt: number };
/** A timeline is complete when every one of Timeline's fields is set. */
const TIMELINE_FIELDS = 7;

const STAGES: readonly (readonly [string, (t: Complete) => number])[] = [
  ['Hand-over (visible − deadline; negative = early)', (t) => t.visibleAt - t.dueAt],
  ['Timer queue (received − visible)', (t) => t.timerReceivedAt - t.visibleAt],
  ["  of which: the hand-over's SendMessageBatch call (visible may be this much later)", (t) => t.sendTookMs],
  ['Timer worker: held for its deadline', (t) => Math.max(0, t.dueAt - t.timerReceivedAt)],
  [
    'Timer worker: firing (alert queued − max(received, deadline))',
    (t) => t.alertQueuedAt - Math.max(t.timerReceivedAt, t.dueAt),
  ],
  ['Alert queue (received − queued)', (t) => t.alertReceivedAt - t.alertQueuedAt],
  ['Alert worker (delivered − received)', (t) => t.deliveredAt - t.alertReceivedAt],
  ['Batch settled after its alert was queued', (t) => t.timerSettledAt - t.alertQueuedAt],
];

const lateness = (t: Complete) => t.deliveredAt - t.dueAt;

/** The cases seen at every stage and delivered, slowest last. */
const completeTimelines = (
  cases: ReadonlyMap<string, Timeline>,
  deliveredAt: ReadonlyMap<string, number>,
): Complete[] => {
  const complete: Complete[] = [];
  for (const [caseId, line] of cases) {
    const delivered = deliveredAt.get(caseId);
    const values = Object.values(line);
    if (delivered !== undefined && values.length === TIMELINE_FIELDS && values.every(Number.isFinite))
      complete.push({ ...(line as Required<Timeline>), deliveredAt: delivered });
  }
  return complete.sort((a, b) => lateness(a) - lateness(b));
};

const stageTable = (complete: readonly Complete[]): string => {
  const slowest = complete.slice(Math.floor(complete.length * 0.99));
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
  const rows = [...STAGES, ['Whole path (delivered − deadline)', lateness] as const].map(([name, of]) => {
    const values = complete.map(of).sort((a, b) => a - b);
    return [
      name,
      ms(percentile(values, 50)),
      ms(percentile(values, 90)),
      ms(percentile(values, 99)),
      ms(values.at(-1) ?? Number.NaN),
      ms(mean(slowest.map(of))),
    ];
  });
  return table(
    `Where the lateness goes (${complete.length.toLocaleString('en-US')} cases traced through both queues)`,
    ['Stage', 'p50', 'p90', 'p99', 'max', 'mean of the slowest 1 %'],
    rows,
  );
};

/** Deadlines are grouped in windows this long, from the first, to show when the tail happens. */
const WINDOW_MS = 20_000;

/** Lateness and its two queue waits per window of deadlines, beside the timers the sweeper sent then. */
const overTime = (complete: readonly Complete[], timerSends: readonly number[], seconds: readonly Second[]): string => {
  if (complete.length === 0) return '';
  const first = complete.reduce((least, t) => Math.min(least, t.dueAt), Number.POSITIVE_INFINITY);
  const windows = new Map<number, Complete[]>();
  for (const t of complete) {
    const index = Math.floor((t.dueAt - first) / WINDOW_MS);
    const inWindow = windows.get(index) ?? [];
    inWindow.push(t);
    windows.set(index, inWindow);
  }
  const p = (values: readonly number[], at: number) =>
    ms(
      percentile(
        [...values].sort((a, b) => a - b),
        at,
      ),
    );
  const rows = [...windows.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const inWindow = windows.get(index) ?? [];
      const from = first + index * WINDOW_MS;
      const sent = timerSends.filter((at) => at >= from && at < from + WINDOW_MS).length;
      const during = seconds.filter((second) => second.at > from && second.at <= from + WINDOW_MS);
      const sum = (of: (second: Second) => number) => during.reduce((total, second) => total + of(second), 0);
      const loopMax = during.reduce((most, second) => Math.max(most, second.loopMaxMs), 0);
      return [
        `${(index * WINDOW_MS) / 1000} s`,
        inWindow.length.toLocaleString('en-US'),
        p(inWindow.map(lateness), 50),
        p(inWindow.map(lateness), 99),
        p(
          inWindow.map((t) => t.timerReceivedAt - t.visibleAt),
          99,
        ),
        p(
          inWindow.map((t) => t.sendTookMs),
          99,
        ),
        p(
          inWindow.map((t) => t.alertReceivedAt - t.alertQueuedAt),
          99,
        ),
        sent.toLocaleString('en-US'),
        `${sum((second) => second.node).toFixed(1)} / ${sum((second) => second.children).toFixed(1)} s`,
        ms(loopMax),
        ms(sum((second) => second.gcMs)),
      ];
    });
  return table(
    `Over time (deadlines in ${WINDOW_MS / 1000} s windows from the first; CPU seconds, this process's longest event-loop delay and its GC pauses in the same ${WINDOW_MS / 1000} s of the clock)`,
    [
      'Deadlines from',
      'Cases',
      'Lateness p50',
      'p99',
      'Timer queue p99',
      'Hand-over send p99',
      'Alert queue p99',
      'Timers sent meanwhile',
      'CPU: this process / DynamoDB Local',
      'Event loop delay, max',
      'GC pauses',
    ],
    rows,
  );
};
