/**
 * Opening the benchmark's cases, each one unanswered customer message whose first-response
 * clock runs out at a planned moment. Two ways in, both ending in the real intake use case,
 * the real case store and the real due-time index:
 *   http      signed POSTs to /webhooks/inbound/chat, then the intake queue and its poller
 *   use-case  ingestInboundEvent called directly with the stack's adapters, many at once
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import { normalizeInbound } from '../../functions/platforms/inbound/index.ts';
import type { Substitutes } from '../../functions/roots/core.ts';
import { composeIntake } from '../../functions/roots/intake.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { mapLimit, sleep } from '../support/figures.ts';
import { INBOUND_SECRET, SOURCE } from './config.ts';

export interface PlannedCase {
  readonly conversation: string;
  /** When the customer wrote: the clock's start. */
  readonly occurredAt: Date;
}

export type CreateMode = 'http' | 'use-case';

export interface CreatePlan {
  readonly count: number;
  readonly concurrency: number;
  /** The policy's first-response target: a case's deadline is its message time plus this. */
  readonly firstResponseMs: number;
  /** When case i should fall due (epoch ms); cases are opened in this order. */
  readonly plannedDueAt: (index: number) => number;
  /**
   * No deadline is set nearer than this to the moment its case is opened: a writer hands nearer
   * ones straight to the timer queue, and this benchmark is about the sweeper's path.
   */
  readonly minLeadMs: number;
  /** Conversations are named `<prefix>-<index>`; "bench" unless given. */
  readonly conversationPrefix?: string;
}

export interface CreatedCases {
  /** Deadlines as set (epoch ms), by case index. */
  readonly dueAt: number[];
  /** Case ids by index (the use-case path only: the HTTP API answers with event ids). */
  readonly caseIds: string[];
  /** Cases whose deadline moved later than planned because opening them fell behind. */
  readonly movedLater: number;
  /** The most any deadline moved. */
  readonly maxMovedMs: number;
  readonly elapsedMs: number;
}

/** Opens the cases in deadline order through `open`, giving each its deadline just before. */
export const createCases = async (
  plan: CreatePlan,
  open: (planned: PlannedCase) => Promise<string | undefined>,
): Promise<CreatedCases> => {
  const dueAt: number[] = [];
  const caseIds: string[] = [];
  let movedLater = 0;
  let maxMovedMs = 0;
  const start = performance.now();
  await mapLimit(
    Array.from({ length: plan.count }, (_, i) => i),
    plan.concurrency,
    async (i) => {
      const planned = plan.plannedDueAt(i);
      const due = Math.max(planned, Date.now() + plan.minLeadMs);
      if (due > planned) movedLater += 1;
      maxMovedMs = Math.max(maxMovedMs, due - planned);
      dueAt[i] = due;
      const conversation = `${plan.conversationPrefix ?? 'bench'}-${i}`;
      const caseId = await open({ conversation, occurredAt: new Date(due - plan.firstResponseMs) });
      if (caseId) caseIds[i] = caseId;
    },
  );
  return { dueAt, caseIds, movedLater, maxMovedMs, elapsedMs: performance.now() - start };
};

const messageOf = (planned: PlannedCase) => ({
  type: 'message.created',
  timestamp: planned.occurredAt.toISOString(),
  data: {
    conversationId: planned.conversation,
    messageId: `${planned.conversation}-1`,
    direction: 'inbound',
    occurredAt: planned.occurredAt.toISOString(),
    text: 'My flight was cancelled and nobody answers.',
    customer: { email: `${planned.conversation}@example.com`, name: `Customer ${planned.conversation}` },
  },
});

/** Through the HTTP API, as a platform would; the intake queue and its poller do the rest. */
export const httpOpener = (baseUrl: string) => {
  const signer = new Webhook(INBOUND_SECRET);
  return async (planned: PlannedCase): Promise<undefined> => {
    const body = JSON.stringify(messageOf(planned));
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const response = await fetch(`${baseUrl}/webhooks/inbound/${SOURCE}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    return undefined;
  };
};

/** Straight into the intake use case over the intake root (DynamoDB Local, the SQS emulator, the stack's bus). */
export const useCaseOpener = (substitutes: Substitutes) => {
  const { ingest } = composeIntake(substitutes);
  const { config } = ingest;
  return async (planned: PlannedCase): Promise<string> => {
    const [input] = normalizeInbound(SOURCE, { channel: 'chat' }, messageOf(planned), {
      receivedAt: new Date().toISOString(),
      accounts: config.accounts,
    }).events;
    if (!input) throw new Error(`${planned.conversation}: the message normalised to no event`);
    const outcome = await ingestInboundEvent(inboundEventSchema.parse(input), ingest);
    if (outcome.outcome !== 'applied' || !outcome.opened) {
      throw new Error(`${planned.conversation} did not open a case: ${JSON.stringify(outcome)}`);
    }
    return outcome.caseId;
  };
};

/** Resolves once the intake queue is empty twice in a row (a batch in flight is not yet deleted). */
export const intakeDrained = async (sqs: SQSClient, queueUrl: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let emptyChecks = 0;
  while (Date.now() < deadline) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const depth =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    emptyChecks = depth === 0 ? emptyChecks + 1 : 0;
    if (emptyChecks >= 2) return;
    await sleep(100);
  }
  throw new Error(`intake queue not drained after ${timeoutMs} ms`);
};
