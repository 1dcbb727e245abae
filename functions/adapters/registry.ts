/**
 * The composition root's memory: each adapter is built once per cold start, by the factory of
 * the module that composes it (functions/adapters/compose). A function bundles only the
 * compose modules its handlers import. The local stack and tests may replace an adapter
 * before the first call (e.g. the recorded in-process event bus), never after.
 */
import type {
  AlertQueue,
  CaseStore,
  Claims,
  Clock,
  EventPublisher,
  FeedbackStore,
  IntakeQueue,
  LinkLedger,
  Outbox,
  TimerIndex,
  TimerQueue,
  WindowCounters,
} from '../ports.ts';
import type { MetricsRecorder } from './metrics/catalogue.ts';

export interface Adapters {
  store: CaseStore;
  publisher: EventPublisher;
  outbox: Outbox;
  intakeQueue: IntakeQueue;
  timerIndex: TimerIndex;
  timerQueue: TimerQueue;
  alertQueue: AlertQueue;
  claims: Claims;
  clock: Clock;
  newId: () => string;
  metrics: MetricsRecorder;
  counters: WindowCounters;
  feedback: FeedbackStore;
  linkLedger: LinkLedger;
}

const overrides: Partial<Adapters> = {};
const built: Partial<Adapters> = {};
const resetHooks: (() => void)[] = [];

/** The override, else the adapter built earlier, else a new one from `factory`, kept for the next call. */
export const resolve = <K extends keyof Adapters>(name: K, factory: () => Adapters[K]): Adapters[K] => {
  const existing = overrides[name] ?? built[name];
  if (existing) return existing as Adapters[K];
  const created = factory();
  built[name] = created;
  return created;
};

/** For compose modules that cache more than one adapter per name (dead-letter queues). */
export const onReset = (hook: () => void): void => {
  resetHooks.push(hook);
};

/** Local stack and tests only: swap adapters, or forget built ones after the environment changed. */
export const overrideAdapters = (replacement: Partial<Adapters>): void => {
  Object.assign(overrides, replacement);
};

export const resetAdapters = (): void => {
  for (const key of Object.keys(overrides) as (keyof Adapters)[]) delete overrides[key];
  for (const key of Object.keys(built) as (keyof Adapters)[]) delete built[key];
  for (const hook of resetHooks) hook();
};
