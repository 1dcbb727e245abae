/**
 * Facebook Page `feed` and `mention` changes. The verb values (add, edited, remove) come from
 * the Graph webhook field reference; meta.md notes that no official comment example with each
 * verb exists, so unknown verbs are reported as ignored rather than guessed at.
 */
import type { InboundAction } from '../../domain/inbound-event.ts';
import { buildEvent, directionOf, isBrandAuthor, unknownAuthor } from '../event.ts';
import { parseItem } from '../parse.ts';
import { fromMetaTime } from '../time.ts';
import type { NormalizeContext } from '../types.ts';
import type { EntryContext, ItemNormalizer } from './entry.ts';
import { feedValueSchema, itemVerbSchema, pageMentionValueSchema } from './schemas.ts';

const ACTIONS: Readonly<Record<string, InboundAction>> = { add: 'message', edited: 'edit', remove: 'delete' };
/** Feed items a customer writes and expects an answer to; reactions, likes and the like are not. */
const MESSAGE_ITEMS = new Set(['comment', 'post', 'status', 'photo', 'video', 'share']);

const occurredAt = (time: string | number | undefined, path: string, entry: EntryContext, ctx: NormalizeContext) =>
  time !== undefined ? fromMetaTime(time, `${path}.created_time`) : (entry.sentAt ?? ctx.receivedAt);

/** The action for this item and verb, or why it is ignored. */
type Classified = { action: InboundAction; reason?: never } | { action?: never; reason: string };

const classify = (value: unknown, kind: string, items: ReadonlySet<string> | undefined): Classified => {
  const parsed = itemVerbSchema.safeParse(value);
  if (!parsed.success) return { reason: 'malformed: item or verb missing' };
  const { item, verb } = parsed.data;
  if (items && !items.has(item)) return { reason: `${kind} item ${item} carries no customer message` };
  const action = ACTIONS[verb];
  return action ? { action } : { reason: `verb ${verb} of ${item} is not handled` };
};

export const pageFeed: ItemNormalizer = (value, path, entry, ctx, into) => {
  const kind = 'page.feed';
  const classified = classify(value, kind, MESSAGE_ITEMS);
  if (!classified.action) return void into.ignored.push({ kind, reason: classified.reason });
  const parsed = parseItem(feedValueSchema, value, kind, path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const feed = parsed.value;
  const isComment = feed.item === 'comment';
  const messageId = isComment ? feed.comment_id : feed.post_id;
  if (!messageId) return void into.ignored.push({ kind, reason: `malformed: ${path}.comment_id: missing` });
  if (!feed.from && classified.action !== 'delete') {
    return void into.ignored.push({ kind, reason: `malformed: ${path}.from: missing` });
  }
  const fromBrand = feed.from !== undefined && isBrandAuthor('facebook', feed.from.id, entry.id, ctx.accounts);
  const placeholder = classified.action === 'delete' || isComment || feed.item === 'status' ? '' : `[${feed.item}]`;
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'facebook',
        action: classified.action,
        brandAccount: entry.id,
        threadKey: feed.post_id,
        platformMessageId: messageId,
        direction: directionOf(fromBrand),
        author: feed.from ? { id: feed.from.id, name: feed.from.name } : unknownAuthor(messageId),
        identities: feed.from && !fromBrand ? [{ kind: 'facebook', value: feed.from.id }] : [],
        text: feed.message ?? placeholder,
        occurredAt: occurredAt(feed.created_time, path, entry, ctx),
        inReplyTo: isComment ? (feed.parent_id ?? feed.post_id) : undefined,
        raw: feed,
      },
      ctx,
    ),
  );
};

/** The Page was @mentioned in a post or comment elsewhere. */
export const pageMention: ItemNormalizer = (value, path, entry, ctx, into) => {
  const kind = 'page.mention';
  const classified = classify(value, kind, undefined);
  if (!classified.action) return void into.ignored.push({ kind, reason: classified.reason });
  const parsed = parseItem(pageMentionValueSchema, value, kind, path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const mention = parsed.value;
  const inComment = mention.item === 'comment' && mention.comment_id !== undefined;
  const fromBrand = isBrandAuthor('facebook', mention.sender_id, entry.id, ctx.accounts);
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'facebook',
        action: classified.action,
        brandAccount: entry.id,
        threadKey: mention.post_id,
        platformMessageId: inComment ? (mention.comment_id ?? mention.post_id) : mention.post_id,
        direction: directionOf(fromBrand),
        author: { id: mention.sender_id, name: mention.sender_name },
        identities: fromBrand ? [] : [{ kind: 'facebook', value: mention.sender_id }],
        // The dashboard sample carries no text: the mention itself is the message.
        text: mention.message ?? '[mention]',
        occurredAt: occurredAt(mention.created_time, path, entry, ctx),
        inReplyTo: inComment ? mention.post_id : undefined,
        raw: mention,
      },
      ctx,
    ),
  );
};
