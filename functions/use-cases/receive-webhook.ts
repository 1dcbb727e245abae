/**
 * The receiving side of every webhook: check the signature, normalise, queue, then answer.
 * Nothing is acknowledged before SQS has stored it; nothing unsigned gets further than here.
 */
import { HttpError } from '../commons/http.ts';
import type { InboundEvent } from '../domain/inbound-event.ts';
import { inboundEventSchema } from '../domain/inbound-event.ts';
import type { NormalizeResult, VerifyResult } from '../platforms/types.ts';
import type { IntakeQueue } from '../ports.ts';

export interface ReceiveResult {
  readonly queued: number;
  readonly ignored: NormalizeResult['ignored'];
  readonly eventIds: readonly string[];
}

export const rejectUnsigned = (verdict: VerifyResult): void => {
  if (!verdict.ok) throw new HttpError(401, 'invalid_signature', verdict.reason);
};

/** Queues every normalised event; resolves only once all of them are stored by SQS. */
export const queueNormalized = async (normalized: NormalizeResult, queue: IntakeQueue): Promise<ReceiveResult> => {
  const events: InboundEvent[] = normalized.events.map((event) => inboundEventSchema.parse(event));
  if (events.length > 0) await queue.send(events);
  return { queued: events.length, ignored: normalized.ignored, eventIds: events.map((e) => e.eventId) };
};
