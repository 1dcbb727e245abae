/** The timer worker's composition root: firing a deadline changes its case and may queue alerts. */
import type { WritePace } from '../commons/write-pace.ts';
import type { DeadLetterQueue, MetricsRecorder } from '../ports.ts';
import type { FireTimerDeps } from '../use-cases/fire-timer.ts';
import { caseChanges } from './case-changes.ts';
import { alertQueue, claims, core, deadLetterQueue, publisher, type Substitutes, writePace } from './parts.ts';

export interface TimersRoot {
  readonly fire: FireTimerDeps;
  readonly deadLetters: DeadLetterQueue;
  readonly metrics: MetricsRecorder;
  /** This copy's share of the table's write units, if the function is given one. */
  readonly writePace: WritePace | undefined;
}

export const composeTimers = (substitutes: Substitutes = {}): TimersRoot => {
  // A timer that still holds publishes its event and queues its alerts: EventBridge and SQS load at cold start.
  const eager = { publisher: publisher(substitutes), alertQueue: alertQueue(substitutes) };
  const changes = caseChanges({ ...substitutes, ...eager }, core(substitutes));
  return {
    fire: { ...changes, claims: claims(substitutes, changes.clock) },
    deadLetters: deadLetterQueue(substitutes, 'TIMER_DLQ_URL'),
    metrics: changes.metrics,
    writePace: writePace(substitutes),
  };
};
