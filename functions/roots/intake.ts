/** The intake processor's composition root: everything applying a platform event to its case needs. */
import { DynamoFeedbackStore } from '../adapters/dynamodb/feedback-store.ts';
import { DynamoWindowCounters } from '../adapters/dynamodb/window-counters.ts';
import type { DeadLetterQueue, MetricsRecorder } from '../ports.ts';
import type { IngestDeps } from '../use-cases/ingest-inbound-event.ts';
import { caseChanges } from './case-changes.ts';
import { core, deadLetterQueue, publisher, type Substitutes, table } from './parts.ts';

export interface IntakeRoot {
  readonly ingest: IngestDeps;
  readonly deadLetters: DeadLetterQueue;
  readonly metrics: MetricsRecorder;
}

export const composeIntake = (substitutes: Substitutes = {}): IntakeRoot => {
  // Nearly every event changes a case, which publishes: EventBridge loads at cold start. Queues load on first use.
  const changes = caseChanges({ ...substitutes, publisher: publisher(substitutes) }, core(substitutes));
  return {
    ingest: {
      ...changes,
      counters: new DynamoWindowCounters(table()),
      feedback: new DynamoFeedbackStore(table()),
    },
    deadLetters: deadLetterQueue(substitutes, 'INTAKE_DLQ_URL'),
    metrics: changes.metrics,
  };
};
