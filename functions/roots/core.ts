/**
 * What every composition root starts from, and none of which talks to AWS: the clock, ids,
 * metrics and config. `Substitutes` is what the local stack, benchmarks and tests hand a root in
 * place of an adapter (the in-process event bus, a still clock, a recording queue); nothing is global.
 * Kept apart from parts.ts so a root that needs no table (the webhook receiver) bundles no DynamoDB client.
 */
import { monotonicFactory } from 'ulid';
import { EmfMetrics } from '../adapters/metrics/emf.ts';
import { discardMetrics } from '../adapters/metrics/memory.ts';
import type { SendDeps } from '../alerts/targets/target-module.ts';
import { idRandom } from '../commons/pooled-random.ts';
import { WritePace } from '../commons/write-pace.ts';
import type { SundownConfig } from '../config/schema.ts';
import { settings, sundownConfig } from '../config/settings.ts';
import type {
  AlertQueue,
  CaseStore,
  Claims,
  Clock,
  DeadLetterQueue,
  EventPublisher,
  IntakeQueue,
  LinkLedger,
  MetricsRecorder,
  Secrets,
  TimerQueue,
} from '../ports.ts';

export interface Substitutes {
  readonly clock?: Clock;
  readonly newId?: () => string;
  readonly metrics?: MetricsRecorder;
  readonly config?: SundownConfig;
  readonly store?: CaseStore;
  readonly claims?: Claims;
  readonly linkLedger?: LinkLedger;
  readonly publisher?: EventPublisher;
  readonly intakeQueue?: IntakeQueue;
  readonly timerQueue?: TimerQueue;
  readonly alertQueue?: AlertQueue;
  /** Every dead-letter queue the function parks on. */
  readonly deadLetters?: DeadLetterQueue;
  readonly secrets?: Secrets;
  /** How alert targets send (fetch, replaced endpoints, the e-mail publisher, the console log), over the defaults. */
  readonly sending?: Partial<SendDeps>;
  /** A queue consumer's write budget (locally one for all its batches at once); by default WRITE_UNITS_PER_SECOND's. */
  readonly writePace?: WritePace;
}

/** What every function has and none of which talks to AWS. */
export interface Core {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly metrics: MetricsRecorder;
  readonly config: SundownConfig;
}

const systemClock: Clock = { now: () => new Date() };

const metricsFromSettings = (): MetricsRecorder => {
  const { SUNDOWN_METRICS, SUNDOWN_STAGE, AWS_LAMBDA_FUNCTION_NAME } = settings();
  return SUNDOWN_METRICS === 'emf'
    ? new EmfMetrics({ stage: SUNDOWN_STAGE, service: AWS_LAMBDA_FUNCTION_NAME })
    : discardMetrics;
};

export const core = (substitutes: Substitutes): Core => ({
  clock: substitutes.clock ?? systemClock,
  newId: substitutes.newId ?? monotonicFactory(idRandom),
  metrics: substitutes.metrics ?? metricsFromSettings(),
  config: substitutes.config ?? sundownConfig(),
});

/** The write budget a queue consumer books its messages against, if its function is given one. */
export const writePace = (substitutes: Substitutes): WritePace | undefined => {
  if (substitutes.writePace) return substitutes.writePace;
  const unitsPerSecond = settings().WRITE_UNITS_PER_SECOND;
  return unitsPerSecond === undefined ? undefined : new WritePace(unitsPerSecond);
};
