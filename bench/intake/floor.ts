/**
 * The floor the receiver is compared with: what no receiver can skip, done with the same
 * platform code and nothing else. Check the signature, parse the JSON, normalise, send to SQS.
 * No middy, no error mapping, no logging, no contract re-validation, no secret lookup.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { normalizeInbound, verifyInbound } from '../../functions/platforms/inbound/index.ts';
import { normalizeMeta, verifyMeta } from '../../functions/platforms/meta/index.ts';
import type { NormalizeResult } from '../../functions/platforms/types.ts';
import { normalizeX, verifyX } from '../../functions/platforms/x/index.ts';
import { mapLimit } from '../support/figures.ts';
import type { MeasuringStack } from '../support/stack.ts';
import { SECRETS } from '../support/stack.ts';
import type { Delivery } from '../support/webhooks.ts';

const verifyAndNormalize = (delivery: Delivery, config: SundownConfig): NormalizeResult => {
  const ctx = { receivedAt: new Date().toISOString(), accounts: config.accounts };
  const { body, headers } = delivery;
  if (delivery.platform === 'x') {
    if (!verifyX(SECRETS.X_CONSUMER_SECRET, body, headers).ok) throw new Error('X signature did not verify');
    return normalizeX(JSON.parse(body), ctx);
  }
  if (delivery.platform === 'meta') {
    if (!verifyMeta(SECRETS.META_APP_SECRET, body, headers).ok) throw new Error('Meta signature did not verify');
    return normalizeMeta(JSON.parse(body), ctx);
  }
  if (!verifyInbound(SECRETS.INBOUND_WEBHOOK_SECRET, body, headers).ok)
    throw new Error('inbound signature did not verify');
  const source = config.inboundSources.chat;
  if (!source) throw new Error('sundown.config.json has no inbound source "chat"');
  return normalizeInbound('chat', source, JSON.parse(body), ctx);
};

export const runFloor = async (
  stack: MeasuringStack,
  deliveries: readonly Delivery[],
  config: SundownConfig,
  concurrency: number,
): Promise<void> => {
  const sqs = stack.clients.sqs();
  await mapLimit(deliveries, concurrency, async (delivery) => {
    const { events } = verifyAndNormalize(delivery, config);
    if (events.length === 0) return;
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.queues.floor.url,
        Entries: events.map((event, i) => ({ Id: String(i), MessageBody: JSON.stringify(event) })),
      }),
    );
    if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} floor message(s)`);
  });
};
