/**
 * WhatsApp Cloud API `messages` changes (meta.md §4): customer messages, and delivery
 * statuses of the brand's own messages. The brand account is the receiving phone number id;
 * the conversation is the customer: `wa:<wa_id>`.
 */
import type * as z from 'zod/mini';
import type { Identity } from '../../domain/case.ts';
import { buildEvent, compact, directionOf, isBrandAuthor, phoneIdentity } from '../event.ts';
import { parseItem } from '../parse.ts';
import { fromEpochSeconds } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import type { ItemNormalizer } from './entry.ts';
import { whatsappMessageSchema, whatsappStatusSchema, whatsappValueSchema } from './schemas.ts';

type WhatsappValue = z.output<typeof whatsappValueSchema>;

const customerIdentities = (waId: string): Identity[] =>
  compact([{ kind: 'whatsapp', value: waId }, phoneIdentity(waId)]);

const message = (item: unknown, path: string, value: WhatsappValue, ctx: NormalizeContext, into: NormalizeResult) => {
  const parsed = parseItem(whatsappMessageSchema, item, 'whatsapp.messages', path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const msg = parsed.value;
  const { phone_number_id: brandAccount, display_phone_number: brandNumber } = value.metadata;
  const fromBrand = msg.from === brandNumber || isBrandAuthor('whatsapp', msg.from, brandAccount, ctx.accounts);
  const profile = value.contacts?.find((contact) => contact.wa_id === msg.from)?.profile;
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'whatsapp',
        action: 'message',
        brandAccount,
        threadKey: `wa:${msg.from}`,
        platformMessageId: msg.id,
        direction: directionOf(fromBrand),
        author: { id: msg.from, name: profile?.name },
        identities: fromBrand ? [] : customerIdentities(msg.from),
        text: msg.type === 'text' && msg.text ? msg.text.body : `[${msg.type}]`,
        occurredAt: fromEpochSeconds(msg.timestamp, `${path}.timestamp`),
        inReplyTo: msg.context?.id,
        visibility: 'private',
        raw: msg,
      },
      ctx,
    ),
  );
};

/** sent, delivered, read, failed (or played) of a message the brand sent: always outbound. */
const status = (item: unknown, path: string, value: WhatsappValue, ctx: NormalizeContext, into: NormalizeResult) => {
  const parsed = parseItem(whatsappStatusSchema, item, 'whatsapp.statuses', path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const update = parsed.value;
  const { phone_number_id: brandAccount, display_phone_number: brandNumber } = value.metadata;
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'whatsapp',
        action: 'status',
        brandAccount,
        threadKey: `wa:${update.recipient_id}`,
        platformMessageId: update.id,
        direction: 'outbound',
        author: { id: brandAccount, handle: brandNumber },
        identities: customerIdentities(update.recipient_id),
        text: '',
        occurredAt: fromEpochSeconds(update.timestamp, `${path}.timestamp`),
        deliveryStatus: update.status,
        visibility: 'private',
        raw: update,
      },
      ctx,
    ),
  );
};

export const whatsappMessages: ItemNormalizer = (item, path, _entry, ctx, into) => {
  const parsed = parseItem(whatsappValueSchema, item, 'whatsapp.messages', path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const value = parsed.value;
  value.messages?.forEach((msg, index) => {
    message(msg, `${path}.messages.${index}`, value, ctx, into);
  });
  value.statuses?.forEach((update, index) => {
    status(update, `${path}.statuses.${index}`, value, ctx, into);
  });
};
