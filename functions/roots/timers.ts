/** The timer worker's composition root: firing a deadline changes its case and may queue alerts. */
import type { DeadLetterQueue, MetricsRecorder } from '../ports.ts';
import type { FireTimerDeps } from '../use-cases/fire-timer.ts';
import { caseChanges } from './case-changes.ts';
import { claims, core, deadLetterQueue, type Substitutes } from './parts.ts';

export interface TimersRoot {
  readonly fire: FireTimerDeps;
  readonly deadLetters: DeadLetterQueue;
  readonly metrics: MetricsRecorder;
}

export const composeTimers = (substitutes: Substitutes = {}): TimersRoot => {
  const changes = caseChanges(substitutes, core(substitutes));
  return {
    fire: { ...changes, claims: claims(substitutes, changes.clock) },
    deadLetters: deadLetterQueue(substitutes, 'TIMER_DLQ_URL'),
    metrics: changes.metrics,
  };
};
