import type { SQSClient } from '@aws-sdk/client-sqs';
import type { AlertJob, Notice } from '../../domain/queue-messages.ts';
import type { AlertQueue } from '../../ports.ts';
import { sendBatch } from './send-batch.ts';

/** One message per alert and target, so a failing target is retried alone and blocks no other. */
export class SqsAlertQueue implements AlertQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  send(jobs: readonly AlertJob[]): Promise<void> {
    const entries = jobs.map((job) => ({
      MessageBody: JSON.stringify(job),
      MessageAttributes: { target: { DataType: 'String', StringValue: job.target } },
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
