import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';

const MAX_ENTRIES_PER_CALL = 10;

/**
 * SQS refuses a body holding U+FFFE, U+FFFF or control characters (and the local emulator any
 * character outside the BMP, emoji included). Bodies sent here are JSON, so every non-ASCII
 * character is written as its \u escape: the same JSON, in characters every SQS accepts.
 */
const sqsSafe = (json: string): string =>
  json.replace(/[^\x20-\x7e]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Sends JSON messages in batches of ten and resolves only once SQS stored every one; any entry SQS
 * refuses fails the whole call, so the caller does not acknowledge what was not queued.
 */
export const sendBatch = async (
  client: SQSClient,
  queueUrl: string,
  entries: readonly Omit<SendMessageBatchRequestEntry, 'Id'>[],
  what: string,
): Promise<void> => {
  for (let start = 0; start < entries.length; start += MAX_ENTRIES_PER_CALL) {
    const chunk = entries.slice(start, start + MAX_ENTRIES_PER_CALL);
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((entry, index) => ({
          ...entry,
          MessageBody: sqsSafe(entry.MessageBody ?? ''),
          Id: String(index),
        })),
      }),
    );
    if (result.Failed?.length) {
      const reasons = result.Failed.map((f) => `${f.Code}: ${f.Message ?? ''}`).join('; ');
      throw new Error(`SQS refused ${result.Failed.length} of ${chunk.length} ${what}: ${reasons}`);
    }
  }
};
