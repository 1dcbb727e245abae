import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';

const MAX_ENTRIES_PER_CALL = 10;

/**
 * Sends messages in batches of ten and resolves only once SQS stored every one; any entry SQS
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
        Entries: chunk.map((entry, index) => ({ ...entry, Id: String(index) })),
      }),
    );
    if (result.Failed?.length) {
      const reasons = result.Failed.map((f) => `${f.Code}: ${f.Message ?? ''}`).join('; ');
      throw new Error(`SQS refused ${result.Failed.length} of ${chunk.length} ${what}: ${reasons}`);
    }
  }
};
