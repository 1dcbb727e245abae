/** Turns a lateness run and the sweeper measurements into the figures and tables the benchmark prints. */
import { count, ms, percentile, perSecond, table } from '../support/figures.ts';
import type { BunchedFigures } from './bunched.ts';
import type { LatenessOptions, LatenessRun } from './lateness.ts';
import type { SweepFigures } from './sweeper-throughput.ts';

export interface Verdict {
  readonly duplicates: number;
  readonly missing: number;
}

export const latenessFigures = (options: LatenessOptions, run: LatenessRun) => {
  const breaches = run.received.filter((r) => r.type === 'sundown.case.breached');
  const first = new Map<string, (typeof breaches)[number]>();
  let duplicates = 0;
  for (const alert of breaches) {
    if (first.has(alert.caseId)) duplicates += 1;
    else first.set(alert.caseId, alert);
  }
  const expected = run.created.caseIds.length > 0 ? new Set(run.created.caseIds) : undefined;
  const missing = expected
    ? [...expected].filter((id) => !first.has(id)).length
    : Math.max(0, options.timers - first.size);
  const strangers = expected ? [...first.keys()].filter((id) => !expected.has(id)).length : 0;
  const lateness = [...first.values()].map((a) => a.at - Date.parse(a.dueAt)).sort((a, b) => a - b);
  const arrivals = [...first.values()].map((a) => a.at).sort((a, b) => a - b);
  const deliverySpan = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
  const { created } = run;
  const rows: [string, string][] = [
    ['Timers (cases, one breach deadline each)', count(options.timers)],
    ['Sweeper runs every', ms(options.sweepEveryMs)],
    ['Warm-up cases, due in the 25 s before (in no other figure)', count(run.warmedUp)],
    [
      `Cases opened (${options.create === 'http' ? 'POST /webhooks/inbound' : 'ingestInboundEvent'}, ${options.concurrency} at once)`,
      `${Math.round(created.elapsedMs / 1000)} s, ${perSecond(options.timers, created.elapsedMs)}`,
    ],
    [
      'Deadlines spread over (planned)',
      `${Math.round((run.lastDueAt - run.firstDueAt) / 1000)} s (${Math.round(options.spreadMs / 1000)} s)`,
    ],
    [
      'Deadlines moved later (opening fell behind)',
      `${count(created.movedLater)}, by ≤ ${(created.maxMovedMs / 1000).toFixed(1)} s`,
    ],
    ['Timers handed over by the sweeper', count(run.sweptTimers)],
    ['SlaBreached events', count(run.breachEvents)],
    ['Breach alerts received (distinct cases)', count(first.size)],
    ['Duplicates', count(duplicates)],
    ['Missing', count(missing)],
    ...(expected ? ([['Alerts for cases not opened here', count(strangers)]] as [string, string][]) : []),
    ['Lateness p50 (received − deadline)', ms(percentile(lateness, 50))],
    ['Lateness p90', ms(percentile(lateness, 90))],
    ['Lateness p99', ms(percentile(lateness, 99))],
    ['Lateness max', ms(lateness.at(-1) ?? Number.NaN)],
    ['Lateness min (negative = early)', ms(lateness[0] ?? Number.NaN)],
    ['Alerts delivered per second (first to last)', deliverySpan > 0 ? perSecond(first.size, deliverySpan) : 'n/a'],
    [
      'Dead letters (intake / timers / alerts)',
      `${run.deadLetters.intake} / ${run.deadLetters.timers} / ${run.deadLetters.alerts}`,
    ],
    ['Poller and sweeper errors', count(run.stackErrors.length)],
    ['Deliveries failing the signature check', count(run.rejectedDeliveries)],
  ];
  return {
    verdict: { duplicates, missing: missing + strangers } satisfies Verdict,
    /** Each case's first alert, received − deadline, ascending. */
    latenessMs: lateness,
    text: table('Escalation lateness (alert received at the webhook − SLA deadline)', ['Figure', 'Value'], rows),
  };
};

export const sweeperTable = (figures: readonly SweepFigures[]): string =>
  table(
    'Sweeper throughput (one sweep of a minute holding N due timers: DynamoDB Local + SQS emulator)',
    [
      'Timers due in the minute',
      'Sweep (timeout 55 s; goal: well inside it)',
      'Timers/s',
      'read / send / checkpoint (summed over shards)',
      'Queued',
      'Second sweep',
    ],
    figures.map((f) => [
      count(f.timers),
      ms(f.elapsedMs),
      perSecond(f.dispatched, f.elapsedMs),
      `${Math.round(f.listMs)} / ${Math.round(f.sendMs)} / ${Math.round(f.markMs)} ms`,
      count(f.queued),
      count(f.secondSweep),
    ]),
  );

/** The sweeper's timeout on AWS (lib/stacks/service-stack.ts): a sweep must end well inside it. */
const SWEEPER_TIMEOUT_MS = 55_000;

export const bunchedTable = (f: BunchedFigures, loadAtEnd: string): string =>
  table(
    `Bunched deadlines: ${count(f.timers)} due in one minute, index → sweeper → timer queue (when the timer worker fires it − deadline; load ${loadAtEnd})`,
    ['Figure', 'Value', 'Goal'],
    [
      [
        'Sweep of the minute',
        `${ms(f.sweepMs)} (${Math.round((100 * f.sweepMs) / SWEEPER_TIMEOUT_MS)} % of the 55 s timeout)`,
        'well inside the 55 s timeout',
      ],
      ['Handed over / second sweep', `${count(f.dispatched)} / ${count(f.secondSweep)}`, `${count(f.timers)} / 0`],
      ['Received / duplicates', `${count(f.received)} / ${count(f.duplicates)}`, `${count(f.timers)} / 0`],
      ['Lateness p50', ms(percentile(f.lateness, 50)), '-'],
      ['Lateness p90', ms(percentile(f.lateness, 90)), '-'],
      ['Lateness p99', ms(percentile(f.lateness, 99)), 'at most 2 s (whole path to the alert target)'],
      ['Lateness max', ms(f.lateness.at(-1) ?? Number.NaN), '-'],
      [
        'Arrived early and held until the deadline / earliest',
        `${count(f.arrivals.filter((a) => a < 0).length)} / ${ms(f.arrivals[0] ?? Number.NaN)}`,
        'none more than 1 s early',
      ],
    ],
  );

/** One line per case (its first breach alert), for looking at lateness over time: `--samples file.csv`. */
export const latenessCsv = (run: LatenessRun): string => {
  const seen = new Set<string>();
  const lines = ['due_at_ms,received_at_ms,lateness_ms'];
  for (const alert of run.received) {
    if (alert.type !== 'sundown.case.breached' || seen.has(alert.caseId)) continue;
    seen.add(alert.caseId);
    const due = Date.parse(alert.dueAt);
    lines.push(`${due},${alert.at},${alert.at - due}`);
  }
  return `${lines.join('\n')}\n`;
};
