import type { SQSClient } from '@aws-sdk/client-sqs';
import { type AlertJob, alertSteps, type Notice } from '../../domain/queue-messages.ts';
import type { AlertQueue } from '../../ports.ts';
import { sendBatch } from './send-batch.ts';

const targetsOf = (message: ReturnType<typeof alertSteps>[number]): string =>
  'alerts' in message ? message.alerts.map((job) => job.target).join(',') : message.target;

/**
 * One message per step of a chain, holding the alert for each of its targets: the worker delivers
 * them side by side, and a target that fails is retried without sending again to those that took it.
 */
export class SqsAlertQueue implements AlertQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  send(jobs: readonly AlertJob[]): Promise<void> {
    const entries = alertSteps(jobs).map((message) => ({
      MessageBody: JSON.stringify(message),
      MessageAttributes: { target: { DataType: 'String', StringValue: targetsOf(message) } },
    }));
    return sendBatch(this.deps.client, this.deps.queueUrl, entries, 'alerts');
  }

  /** Same queue and worker as alert jobs; a notice is told apart by its `noticeId`. */
  sendNotices(notices: readonly Notice[]): Promise<void> {
    const entries = notices.map((notice) => ({
      MessageBody: JSON.stringify(notice),
      MessageAttributes: { target: { DataType: 'String', StringValue: notice.target } },
    }));
    return sendBatch(this.deps.client, this.deps.queueUrl, entries, 'notices');
  }
}
