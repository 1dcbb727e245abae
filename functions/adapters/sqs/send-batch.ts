import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { MessageTooLargeError, QueueSendError } from '../../commons/queue-errors.ts';
import { encodeBody, SQS_MAX_MESSAGE_BYTES } from './message-body.ts';

const MAX_ENTRIES_PER_CALL = 10;

/**
 * Calls in flight at once. A 5,000-event Meta delivery is 500 calls: one after the other they
 * outlast the receiver's 10 s timeout; 16 at a time they take well under a second or two, and stay
 * far below the SDK's 50 sockets and SQS's per-queue throughput.
 */
export const SEND_CONCURRENCY = 16;

export type QueueEntry = Omit<SendMessageBatchRequestEntry, 'Id'> & {
  /** Names the message in a "too large" error, e.g. the event id. */
  readonly label?: string;
};

type Encoded = { readonly entry: SendMessageBatchRequestEntry; readonly bytes: number };

/** What SQS counts against the size limit: the body and each attribute's name, type and value. */
const sizeOf = (entry: SendMessageBatchRequestEntry): number =>
  Buffer.byteLength(entry.MessageBody ?? '') +
  Object.entries(entry.MessageAttributes ?? {}).reduce(
    (sum, [name, attribute]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(attribute.DataType ?? '') +
      Buffer.byteLength(attribute.StringValue ?? ''),
    0,
  );

/** Encodes every entry and checks its size before anything is sent, so a refusal queues nothing. */
const encodeAll = (entries: readonly QueueEntry[]): Encoded[] =>
  entries.map(({ label, ...entry }, index) => {
    const encoded = { ...entry, MessageBody: encodeBody(entry.MessageBody ?? ''), Id: String(index) };
    const bytes = sizeOf(encoded);
    if (bytes > SQS_MAX_MESSAGE_BYTES)
      throw new MessageTooLargeError(label ?? `message ${index}`, bytes, SQS_MAX_MESSAGE_BYTES);
    return { entry: encoded, bytes };
  });

/** Up to ten entries per call and at most SQS_MAX_MESSAGE_BYTES in all, in the order given. */
const packCalls = (encoded: readonly Encoded[]): SendMessageBatchRequestEntry[][] => {
  const calls: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const item of encoded) {
    if (current.length === MAX_ENTRIES_PER_CALL || bytes + item.bytes > SQS_MAX_MESSAGE_BYTES) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push({ ...item.entry, Id: String(current.length) });
    bytes += item.bytes;
  }
  if (current.length > 0) calls.push(current);
  return calls;
};

/**
 * Sends JSON messages (encoded by encodeBody) in batches, SEND_CONCURRENCY calls at a time, and
 * resolves only once SQS stored every one. Any entry refused fails the whole send with a
 * QueueSendError saying how many were stored: the caller must not acknowledge, and the sender's
 * retry is deduplicated downstream. After a failure no further call is started.
 */
export const sendBatch = async (
  client: SQSClient,
  queueUrl: string,
  entries: readonly QueueEntry[],
  what: string,
): Promise<void> => {
  const calls = packCalls(encodeAll(entries));
  const failures: string[] = [];
  let stored = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < calls.length) {
      const chunk = calls[next++] as SendMessageBatchRequestEntry[];
      try {
        const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk }));
        stored += result.Successful?.length ?? chunk.length - (result.Failed?.length ?? 0);
        for (const failed of result.Failed ?? []) failures.push(`${failed.Code}: ${failed.Message ?? ''}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, calls.length) }, worker));
  if (failures.length > 0) throw new QueueSendError(what, stored, entries.length, failures);
};
