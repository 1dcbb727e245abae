/**
 * Account Activity API bodies: `{ for_user_id, <kind>_events: [...] }` (x.md §4). Tweets, DMs
 * and deletes become events; likes, follows, typing, read receipts and revokes are ignored.
 */
import { PayloadError } from '../errors.ts';
import { buildEvent, directionOf, isBrandAuthor } from '../event.ts';
import { parseItem } from '../parse.ts';
import { fromEpochMillis, fromXV1Date } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import { postUrl, xAuthor } from './authors.ts';
import { normalizeDms } from './dm.ts';
import { v1DeleteSchema, v1TweetSchema } from './schemas.ts';

/** Envelope fields that are context, not events. */
const CONTEXT_KEYS = new Set(['for_user_id', 'user_has_blocked', 'users', 'apps']);

type ItemHandler = (
  item: unknown,
  path: string,
  brandAccount: string,
  ctx: NormalizeContext,
  into: NormalizeResult,
) => void;

const tweetCreated: ItemHandler = (item, path, brandAccount, ctx, into) => {
  const parsed = parseItem(v1TweetSchema, item, 'tweet_create_events', path);
  if (!parsed.ok) {
    into.ignored.push(parsed.ignored);
    return;
  }
  const tweet = parsed.value;
  const authorId = tweet.user.id_str;
  const fromBrand = isBrandAuthor('x', authorId, brandAccount, ctx.accounts);
  const repliedTo = tweet.in_reply_to_status_id_str ?? undefined;
  // The customer of a brand reply is the one replied to; of anything else, the author.
  const customerId = fromBrand ? (tweet.in_reply_to_user_id_str ?? undefined) : authorId;
  const author = xAuthor(authorId, tweet.user);
  into.events.push(
    buildEvent(
      {
        platform: 'x',
        channel: 'x',
        action: 'message',
        brandAccount,
        threadKey: repliedTo ?? tweet.id_str,
        platformMessageId: tweet.id_str,
        direction: directionOf(fromBrand),
        author,
        identities: customerId ? [{ kind: 'x', value: customerId }] : [],
        // Posts over 140 characters arrive truncated, with the full text in extended_tweet.
        text: tweet.extended_tweet?.full_text ?? tweet.text ?? '',
        occurredAt:
          tweet.timestamp_ms !== undefined
            ? fromEpochMillis(tweet.timestamp_ms, `${path}.timestamp_ms`)
            : fromXV1Date(tweet.created_at ?? '', `${path}.created_at`),
        inReplyTo: repliedTo,
        url: postUrl(tweet.id_str, author.handle),
        raw: tweet,
      },
      ctx,
    ),
  );
};

const tweetDeleted: ItemHandler = (item, path, brandAccount, ctx, into) => {
  const parsed = parseItem(v1DeleteSchema, item, 'tweet_delete_events', path);
  if (!parsed.ok) {
    into.ignored.push(parsed.ignored);
    return;
  }
  const { status, timestamp_ms } = parsed.value;
  const fromBrand = isBrandAuthor('x', status.user_id, brandAccount, ctx.accounts);
  into.events.push(
    buildEvent(
      {
        platform: 'x',
        channel: 'x',
        action: 'delete',
        brandAccount,
        threadKey: status.id,
        platformMessageId: status.id,
        direction: directionOf(fromBrand),
        author: { id: status.user_id },
        identities: fromBrand ? [] : [{ kind: 'x', value: status.user_id }],
        text: '',
        occurredAt: fromEpochMillis(timestamp_ms, `${path}.timestamp_ms`),
        raw: parsed.value,
      },
      ctx,
    ),
  );
};

type BatchHandler = (
  items: readonly unknown[],
  kind: string,
  body: Record<string, unknown>,
  brandAccount: string,
  ctx: NormalizeContext,
  into: NormalizeResult,
) => void;

const eachItem =
  (handler: ItemHandler): BatchHandler =>
  (items, kind, _body, brandAccount, ctx, into) => {
    items.forEach((item, index) => {
      handler(item, `${kind}.${index}`, brandAccount, ctx, into);
    });
  };

const HANDLERS: Readonly<Record<string, BatchHandler>> = {
  tweet_create_events: eachItem(tweetCreated),
  tweet_delete_events: eachItem(tweetDeleted),
  direct_message_events: (items, kind, body, brandAccount, ctx, into) => {
    const users = isRecord(body.users) ? body.users : undefined;
    normalizeDms({ brandAccount, events: items, users, path: kind }, ctx, into);
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const forUserIdOf = (body: Record<string, unknown>): string | undefined => {
  const value = body.for_user_id;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new PayloadError('for_user_id: expected a non-empty string');
  return value;
};

export const normalizeAccountActivity = (body: Record<string, unknown>, ctx: NormalizeContext): NormalizeResult => {
  const result: NormalizeResult = { events: [], ignored: [] };
  const forUserId = forUserIdOf(body);
  for (const [kind, items] of Object.entries(body)) {
    if (CONTEXT_KEYS.has(kind)) continue;
    const handler = HANDLERS[kind];
    if (!handler) {
      result.ignored.push({ kind, reason: 'carries no customer message' });
      continue;
    }
    if (forUserId === undefined) throw new PayloadError(`for_user_id: missing, but ${kind} needs it`);
    if (!Array.isArray(items)) throw new PayloadError(`${kind}: expected an array`);
    handler(items, kind, body, forUserId, ctx, result);
  }
  return result;
};
