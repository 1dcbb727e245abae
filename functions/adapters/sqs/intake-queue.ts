import type { SQSClient } from '@aws-sdk/client-sqs';
import type { InboundEvent } from '../../domain/inbound-event.ts';
import type { IntakeQueue } from '../../ports.ts';
import { sendBatch } from './send-batch.ts';

/** Puts normalised events on the intake queue; resolves only once SQS has stored every one. */
export class SqsIntakeQueue implements IntakeQueue {
  constructor(private readonly deps: { readonly client: SQSClient; readonly queueUrl: string }) {}

  send(events: readonly InboundEvent[]): Promise<void> {
    const entries = events.map((event) => ({
      MessageBody: JSON.stringify(event),
      MessageAttributes: {
        platform: { DataType: 'String', StringValue: event.platform },
        eventId: { DataType: 'String', StringValue: event.eventId },
      },
    }));
    return sendBatch(this.deps.client, this.deps.queueUrl, entries, 'events');
  }
}
