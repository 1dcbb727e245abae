import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SQS_MAX_MESSAGE_BYTES } from '../../functions/adapters/sqs/message-body.ts';

export interface QueueWithDlqProps {
  /** How long a received message stays hidden; at least the consumer's timeout (AWS suggests 6x). */
  readonly visibilityTimeout: Duration;
  /** Receives before a message moves to the DLQ. @default 5 */
  readonly maxReceiveCount?: number;
  /** Where the "messages in the DLQ" alarm goes. */
  readonly alarmTopic: ITopic;
  /**
   * Alarms (and says OK again) when the queue's oldest message has waited longer than `olderThan`
   * in two 1-minute periods running: its consumers fall behind, or keep failing on a message.
   */
  readonly backlogAlarm?: { readonly olderThan: Duration; readonly meaning: string };
}

export interface QueueConsumerOptions {
  /** @default 10 */
  readonly batchSize?: number;
  /** @default Duration.seconds(1) */
  readonly maxBatchingWindow?: Duration;
  /**
   * Most consumer invocations at once (2 to 1000), so a backlog drains at a pace the table and the
   * alert targets take instead of scaling the consumer out to the account limit. @default 5
   */
  readonly maxConcurrency?: number;
}

/**
 * A queue with its own dead-letter queue, both encrypted and TLS-only, and an alarm as soon as
 * anything lands in the DLQ. Consumers report partial batch failures, so one bad message
 * does not send its whole batch back.
 */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  private readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`${this.node.path}: maxReceiveCount must be an integer from 1 to 1000, got ${maxReceiveCount}`);
    }
    this.visibilityTimeout = props.visibilityTimeout;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // A parked message is the same size as it was on its queue.
      maxMessageSizeBytes: SQS_MAX_MESSAGE_BYTES,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      // Set, not left to the default, since the senders check each message against this same number.
      maxMessageSizeBytes: SQS_MAX_MESSAGE_BYTES,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    const action = new SnsAction(props.alarmTopic);
    this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterAlarm', {
        alarmDescription: `Messages in the dead-letter queue of ${this.node.path}: inspect, fix, then redrive`,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      .addAlarmAction(action);

    if (props.backlogAlarm) {
      const { olderThan, meaning } = props.backlogAlarm;
      const backlog = this.queue
        .metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' })
        .createAlarm(this, 'BacklogAlarm', {
          alarmDescription: `The oldest message of ${this.node.path} has waited more than ${olderThan.toSeconds()} s: ${meaning}`,
          threshold: olderThan.toSeconds(),
          evaluationPeriods: 2,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      backlog.addAlarmAction(action);
      backlog.addOkAction(action);
    }
  }

  /** Makes `fn` consume this queue in batches with partial batch responses. */
  addConsumer(fn: IFunction & { readonly timeout?: Duration }, options: QueueConsumerOptions = {}): SqsEventSource {
    const fnTimeout = fn.timeout?.toSeconds() ?? 3;
    if (this.visibilityTimeout.toSeconds() < fnTimeout) {
      throw new Error(
        `${this.node.path}: visibilityTimeout (${this.visibilityTimeout.toSeconds()} s) is shorter than the timeout of ${fn.node.path} (${fnTimeout} s); raise it to at least ${fnTimeout * 6} s`,
      );
    }
    const maxConcurrency = options.maxConcurrency ?? 5;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000) {
      throw new Error(`${this.node.path}: maxConcurrency must be an integer from 2 to 1000, got ${maxConcurrency}`);
    }
    const source = new SqsEventSource(this.queue, {
      maxConcurrency,
      batchSize: options.batchSize ?? 10,
      maxBatchingWindow: options.maxBatchingWindow ?? Duration.seconds(1),
      reportBatchItemFailures: true,
    });
    fn.addEventSource(source);
    return source;
  }
}
