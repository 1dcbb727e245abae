/**
 * SQS and EventBridge requests as AWS bills them, captured by middlewares on the production
 * clients (added by the benchmark, in its own process). EventBridge has no emulator: its
 * middleware answers PutEvents itself, as a bus that accepts every entry, after counting them.
 */
import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { billedEvents, eventEntryBytes, sqsMessageBytes, sqsRequests } from './aws-rules.ts';

export interface SqsCall {
  readonly command: string;
  /** The queue's name (the last segment of its URL). */
  readonly queue: string;
  readonly requests: number;
  /** Messages sent by this call. */
  readonly sent: number;
  /** A receive that found nothing: the event source mapping's idle polling, not work an event causes. */
  readonly empty: boolean;
}

export interface BusCall {
  readonly entries: number;
  readonly billedEvents: number;
}

type Input = Record<string, unknown>;

const queueOf = (url: unknown): string =>
  String(url ?? '')
    .replace(/\/$/, '')
    .split('/')
    .pop() ?? '';

export const attachSqsMeter = (client: SQSClient, metering: () => boolean, record: (call: SqsCall) => void): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!metering()) return next(args);
      const command = context.commandName ?? '';
      const input = args.input as Input;
      const result = await next(args);
      const queue = queueOf(input.QueueUrl);
      if (command === 'SendMessageCommand') {
        record({ command, queue, requests: sqsRequests(sqsMessageBytes(input)), sent: 1, empty: false });
      } else if (command === 'SendMessageBatchCommand') {
        const entries = (input.Entries ?? []) as Parameters<typeof sqsMessageBytes>[0][];
        const bytes = entries.reduce((sum, entry) => sum + sqsMessageBytes(entry), 0);
        record({ command, queue, requests: sqsRequests(bytes), sent: entries.length, empty: false });
      } else if (command === 'ReceiveMessageCommand') {
        const messages = ((result.output as { Messages?: Message[] }).Messages ?? []) as Message[];
        const bytes = messages.reduce((sum, message) => sum + sqsMessageBytes(message as never), 0);
        record({ command, queue, requests: sqsRequests(bytes), sent: 0, empty: messages.length === 0 });
      } else {
        record({ command, queue, requests: 1, sent: 0, empty: false });
      }
      return result;
    },
    { step: 'initialize', name: 'benchSqsBillingMeter' },
  );
};

/** Counts PutEvents entries and answers the call (nothing reaches AWS), metered or not. */
export const attachBusMeter = (
  client: EventBridgeClient,
  metering: () => boolean,
  record: (call: BusCall) => void,
): void => {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      if (context.commandName !== 'PutEventsCommand') {
        throw new Error(`the benchmark's EventBridge stand-in only answers PutEvents, not ${context.commandName}`);
      }
      const entries = ((args.input as Input).Entries ?? []) as PutEventsRequestEntry[];
      if (metering()) {
        record({
          entries: entries.length,
          billedEvents: entries.reduce((sum, entry) => sum + billedEvents(eventEntryBytes(entry)), 0),
        });
      }
      return {
        output: { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `bench-${i}` })), $metadata: {} },
        response: {},
      } as never;
    },
    { step: 'initialize', name: 'benchEventBridgeStandIn' },
  );
};
