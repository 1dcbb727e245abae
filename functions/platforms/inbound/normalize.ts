/** A verified Standard Webhooks message from a configured source, to one InboundEvent. */
import type { Channel, Identity } from '../../domain/case.ts';
import type { InboundAction } from '../../domain/inbound-event.ts';
import { buildEvent, compact, emailIdentity, phoneIdentity } from '../event.ts';
import { parseEnvelope } from '../parse.ts';
import { fromIso } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import { type InboundMessage, inboundMessageSchema } from './schema.ts';

const ACTIONS: Readonly<Record<InboundMessage['type'], InboundAction>> = {
  'message.created': 'message',
  'message.updated': 'edit',
  'message.deleted': 'delete',
};

type Customer = InboundMessage['data']['customer'];

const identitiesOf = (source: string, customer: Customer): Identity[] =>
  compact([
    customer.id !== undefined && { kind: 'external', value: `${source}:${customer.id}` },
    customer.email !== undefined && emailIdentity(customer.email),
    customer.phone !== undefined && phoneIdentity(customer.phone),
    customer.handles?.x !== undefined && { kind: 'x', value: customer.handles.x },
    customer.handles?.instagram !== undefined && { kind: 'instagram', value: customer.handles.instagram },
    customer.handles?.facebook !== undefined && { kind: 'facebook', value: customer.handles.facebook },
  ]);

/** Escaped so ids that contain a colon cannot join to another message's id; ids without one read as before. */
const part = (id: string): string => id.replaceAll('%', '%25').replaceAll(':', '%3A');

const scopedId = (source: string, conversationId: string, messageId: string): string =>
  `${source}:${part(conversationId)}:${part(messageId)}`;

const authorOf = (brandAccount: string, data: InboundMessage['data'], identities: readonly Identity[]) => {
  if (data.direction === 'outbound') return data.agent ?? { id: brandAccount };
  const contact = data.customer.email ? emailIdentity(data.customer.email).value : data.customer.phone;
  // The schema guarantees at least one identity.
  return { id: data.customer.id ?? identities[0]?.value ?? brandAccount, name: data.customer.name, handle: contact };
};

export const normalizeInbound = (
  source: string,
  sourceConfig: { readonly channel: Channel },
  payload: unknown,
  ctx: NormalizeContext,
): NormalizeResult => {
  const message = parseEnvelope(inboundMessageSchema, payload);
  const { data } = message;
  const brandAccount = `inbound:${source}`;
  const identities = identitiesOf(source, data.customer);
  const event = buildEvent(
    {
      platform: 'inbound',
      channel: sourceConfig.channel,
      action: ACTIONS[message.type],
      brandAccount,
      threadKey: data.conversationId,
      // Message ids are only unique within their source and conversation, and two sources may share a channel.
      platformMessageId: scopedId(source, data.conversationId, data.messageId),
      direction: data.direction,
      author: authorOf(brandAccount, data, identities),
      identities,
      text: data.text,
      occurredAt: fromIso(data.occurredAt ?? message.timestamp, data.occurredAt ? 'data.occurredAt' : 'timestamp'),
      inReplyTo: data.inReplyTo && scopedId(source, data.conversationId, data.inReplyTo),
      url: data.url,
      raw: payload,
    },
    ctx,
  );
  return { events: [event], ignored: [] };
};
