/**
 * The SQS emulator (fauxqs, in-process, speaking the real SQS protocol) and the queues
 * the system needs, each with its dead-letter queue as on AWS.
 */
import { startFauxqs } from 'fauxqs';
import { SQS_MAX_MESSAGE_BYTES } from '../functions/adapters/sqs/message-body.ts';

export interface LocalQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
}

export interface SqsEmulator {
  readonly endpoint: string;
  readonly queues: Readonly<Record<string, LocalQueue>>;
  stop(): Promise<void>;
}

export const startSqsEmulator = async (options: {
  readonly queueNames: readonly string[];
  readonly region: string;
  /** Persist queue contents here across restarts; in memory when absent. */
  readonly dataDir?: string;
  /** Receives before a message moves to its DLQ, by queue name. @default 5 */
  readonly maxReceiveCounts?: Readonly<Record<string, number>>;
  readonly visibilityTimeoutSeconds?: number;
}): Promise<SqsEmulator> => {
  const server = await startFauxqs({
    port: 0,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: options.region,
    ...(options.dataDir && { dataDir: options.dataDir }),
  });
  const queues: Record<string, LocalQueue> = {};
  for (const name of options.queueNames) {
    const dlq = server.createQueue(`${name}-dlq`, {
      region: options.region,
      attributes: {
        MessageRetentionPeriod: String(14 * 24 * 3600),
        MaximumMessageSize: String(SQS_MAX_MESSAGE_BYTES),
      },
    });
    const queue = server.createQueue(name, {
      region: options.region,
      attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        MaximumMessageSize: String(SQS_MAX_MESSAGE_BYTES),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.queueArn,
          maxReceiveCount: String(options.maxReceiveCounts?.[name] ?? 5),
        }),
      },
    });
    queues[name] = { name, url: queue.queueUrl, arn: queue.queueArn, dlqUrl: dlq.queueUrl };
  }
  return { endpoint: server.address, queues, stop: () => server.stop() };
};
