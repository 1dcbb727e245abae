/**
 * The SQS emulator with a client that reports every timer handed to it: the wall-clock time of the
 * SendMessageBatch call and the delay each entry asked for. What the sweeper tests read the
 * hand-over from.
 */
import { type SendMessageBatchRequest, SQSClient } from '@aws-sdk/client-sqs';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { type SqsEmulator, startSqsEmulator } from '../../local/sqs-emulator.ts';

export interface TimerSend {
  readonly caseId: string;
  /** When the batch holding it was sent, ms since the epoch. */
  readonly at: number;
  readonly delaySeconds: number;
}

export const startTimerSends = async (
  queueNames: readonly string[],
  onSend: (send: TimerSend) => void,
): Promise<{ readonly emulator: SqsEmulator; readonly sqs: SQSClient; stop(): Promise<void> }> => {
  const emulator = await startSqsEmulator({ queueNames: [...queueNames], region: 'us-east-1' });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') {
        const at = Date.now();
        for (const entry of (args.input as SendMessageBatchRequest).Entries ?? []) {
          const { caseId } = JSON.parse(entry.MessageBody ?? '{}') as Timer;
          onSend({ caseId, at, delaySeconds: entry.DelaySeconds ?? 0 });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'reportTimerSends' },
  );
  return {
    emulator,
    sqs,
    stop: async () => {
      sqs.destroy();
      await emulator.stop();
    },
  };
};
