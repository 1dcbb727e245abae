/**
 * The intake queue's message: an InboundEvent carrying its text once. The platform payload (`raw`)
 * holds the message text again; a long text is cut out of it on the way in and put back by the
 * consumer, so a 600 KB message is 600 KB on the queue, not 1.2 MB. A raw payload kept as JSON
 * text is split at each quoted copy of the text (`rawParts`); a parsed one has each copy emptied
 * and its place listed (`rawTextPaths`).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { InboundEvent } from '../../domain/inbound-event.ts';
import type { IntakeQueue } from '../../ports.ts';
import { decodeBody } from './message-body.ts';
import { sendBatch } from './send-batch.ts';

/** Shorter texts cost less than the paths that would replace them. */
const DEDUPE_TEXT_FROM_CHARS = 256;

type Path = (string | number)[];

/** `value` with every string equal to `text` emptied, and where they were. */
const withoutText = (value: unknown, text: string, path: Path, found: Path[]): unknown => {
  if (value === text) {
    found.push(path);
    return '';
  }
  if (Array.isArray(value)) return value.map((item, index) => withoutText(item, text, [...path, index], found));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withoutText(item, text, [...path, key], found)]),
    );
  }
  return value;
};

/** The JSON text of the intake message for `event`. */
export const intakeMessageJson = (event: InboundEvent): string => {
  if (event.text.length < DEDUPE_TEXT_FROM_CHARS) return JSON.stringify(event);
  if (typeof event.raw === 'string') {
    const rawParts = event.raw.split(JSON.stringify(event.text));
    return JSON.stringify(rawParts.length > 1 ? { ...event, raw: '', rawParts } : event);
  }
  const rawTextPaths: Path[] = [];
  const raw = withoutText(event.raw, event.text, [], rawTextPaths);
  return JSON.stringify(rawTextPaths.length > 0 ? { ...event, raw, rawTextPaths } : event);
};

const isContainer = (value: unknown): value is Record<string | number, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The InboundEvent-shaped value of an intake message body, to be validated by the consumer. Bodies
 * with neither `rawParts` nor `rawTextPaths` (short texts, or queued before they existed) are the event as it is.
 */
export const decodeIntakeMessage = (body: string): unknown => {
  const message: unknown = JSON.parse(decodeBody(body));
  if (!isContainer(message)) return message;
  if (Array.isArray(message.rawParts) && typeof message.text === 'string') {
    const { rawParts, ...event } = message;
    return { ...event, raw: rawParts.join(JSON.stringify(event.text)) };
  }
  if (!Array.isArray(message.rawTextPaths)) return message;
  const { rawTextPaths, ...event } = message;
  for (const path of rawTextPaths as unknown[]) {
    if (!Array.isArray(path) || path.length === 0) {
      event.raw = event.text;
      continue;
    }
    let parent: unknown = event.raw;
    for (const key of path.slice(0, -1))
      parent = isContainer(parent) && Object.hasOwn(parent, key) ? parent[key] : undefined;
    const last = path.at(-1) as string | number;
    if (isContainer(parent) && Object.hasOwn(parent, last)) parent[last] = event.text;
  }
  return event;
};

/** Puts normalised events on the intake queue; resolves only once SQS has stored every one. */
export class SqsIntakeQueue implements IntakeQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  send(events: readonly InboundEvent[]): Promise<void> {
    const entries = events.map((event) => ({
      label: `event ${event.eventId}`,
      MessageBody: intakeMessageJson(event),
      MessageAttributes: {
        platform: { DataType: 'String', StringValue: event.platform },
        eventId: { DataType: 'String', StringValue: event.eventId },
      },
    }));
    return sendBatch(this.deps.client, this.deps.queueUrl, entries, 'events');
  }
}
