/**
 * Messenger and Instagram direct messages: `entry[].messaging[]` (meta.md §4, Messenger
 * messages webhook). Messages, echoes of the Page's own messages (`is_echo`) and deletions
 * (`is_deleted`) become events; delivery, read, reaction, postback, referral and any other
 * kind are ignored. One conversation per customer: `dm:<the customer's scoped id>`.
 */
import type { Channel } from '../../domain/case.ts';
import { buildEvent, directionOf, isBrandAuthor } from '../event.ts';
import { parseItem } from '../parse.ts';
import { fromMetaTime } from '../time.ts';
import type { ItemNormalizer } from './entry.ts';
import { messagingItemSchema } from './schemas.ts';

const ADDRESSING = new Set(['sender', 'recipient', 'timestamp']);

/** What a messaging item is about: the first key that is not addressing (`read`, `reaction`...). */
const kindOf = (item: unknown): string =>
  (typeof item === 'object' && item !== null && Object.keys(item).find((key) => !ADDRESSING.has(key))) || 'unknown';

export const directMessage =
  (channel: Extract<Channel, 'messenger' | 'instagram'>): ItemNormalizer =>
  (item, path, entry, ctx, into) => {
    const kind = `${channel}.${kindOf(item)}`;
    if (kind !== `${channel}.message`) return void into.ignored.push({ kind, reason: 'not a message' });
    const parsed = parseItem(messagingItemSchema, item, kind, path);
    if (!parsed.ok) return void into.ignored.push(parsed.ignored);
    const { sender, recipient, timestamp, message } = parsed.value;
    const fromBrand = message.is_echo === true || isBrandAuthor(channel, sender.id, entry.id, ctx.accounts);
    const customerId = fromBrand ? recipient.id : sender.id;
    const attachment = message.attachments?.[0];
    into.events.push(
      buildEvent(
        {
          platform: 'meta',
          channel,
          action: message.is_deleted ? 'delete' : 'message',
          brandAccount: entry.id,
          threadKey: `dm:${customerId}`,
          platformMessageId: message.mid,
          direction: directionOf(fromBrand),
          author: { id: sender.id },
          identities: [{ kind: channel, value: customerId }],
          text: message.text ?? (attachment ? `[${attachment.type ?? 'attachment'}]` : ''),
          occurredAt: fromMetaTime(timestamp, `${path}.timestamp`),
          inReplyTo: message.reply_to?.mid,
          visibility: 'private',
          ...(message.app_id !== undefined && { appId: String(message.app_id) }),
          raw: parsed.value,
        },
        ctx,
      ),
    );
  };
