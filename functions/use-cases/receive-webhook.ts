/**
 * The receiving side of every webhook: check the signature, normalise, queue, then answer.
 * Nothing is acknowledged before SQS has stored it; nothing unsigned gets further than here.
 */

import { HttpError } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { MessageTooLargeError, QueueSendError } from '../commons/queue-errors.ts';
import type { InboundEvent } from '../domain/inbound-event.ts';
import { inboundEventSchema } from '../domain/inbound-event.ts';
import { boundedOccurredAt, type EventTimeBounds } from '../platforms/time.ts';
import type { NormalizeResult, VerifyResult } from '../platforms/types.ts';
import type { IntakeQueue } from '../ports.ts';

export interface ReceiveResult {
  readonly queued: number;
  /** Items of this body that repeated an event already in it (same eventId): queued once. */
  readonly duplicates: number;
  readonly ignored: NormalizeResult['ignored'];
  readonly eventIds: readonly string[];
}

export const rejectUnsigned = (verdict: VerifyResult): void => {
  if (!verdict.ok) throw new HttpError(401, 'invalid_signature', verdict.reason);
};

/** The event with a believable occurredAt; its eventId, already derived from the platform's time, stays. */
const withBoundedTime = (event: InboundEvent, bounds: EventTimeBounds): InboundEvent => {
  const { occurredAt, clamped } = boundedOccurredAt(event.occurredAt, event.receivedAt, bounds);
  return clamped ? { ...event, occurredAt, clampedOccurredAt: clamped } : event;
};

/** The first event of each eventId: identical items of one body become one message. */
const distinctEvents = (events: readonly InboundEvent[]): InboundEvent[] => {
  const byId = new Map<string, InboundEvent>();
  for (const event of events) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()];
};

/**
 * Queues every normalised event, its time bounded; resolves only once all of them are stored by SQS. An event too
 * large for the queue refuses the whole body with 413 before anything is queued. A send that
 * stored only part answers 503: the platform retries the body, and the processor's eventId
 * dedupe drops what was already queued.
 */
export const queueNormalized = async (
  normalized: NormalizeResult,
  deps: { readonly queue: IntakeQueue; readonly eventTimes: EventTimeBounds },
): Promise<ReceiveResult> => {
  const { queue, eventTimes } = deps;
  const parsed = normalized.events.map((event) => withBoundedTime(inboundEventSchema.parse(event), eventTimes));
  const events = distinctEvents(parsed);
  try {
    if (events.length > 0) await queue.send(events);
  } catch (error) {
    if (error instanceof MessageTooLargeError) {
      throw new HttpError(413, 'event_too_large', error.message, { limit: error.limitBytes, bytes: error.bytes });
    }
    if (error instanceof QueueSendError) {
      logger.error('webhook not fully queued', {
        stored: error.stored,
        total: error.total,
        reasons: [...new Set(error.reasons)],
      });
      throw new HttpError(
        503,
        'not_queued',
        `${error.total - error.stored} of ${error.total} events could not be queued; send the delivery again`,
        {},
        true,
      );
    }
    throw error;
  }
  return {
    queued: events.length,
    duplicates: parsed.length - events.length,
    ignored: normalized.ignored,
    eventIds: events.map((e) => e.eventId),
  };
};
