/**
 * X Activity API bodies: `{ data: { event_type, filter, payload, includes } }` (x.md §4).
 * Posts that mention, reply to or quote the brand, the brand's own posts, DMs and post
 * deletions become events; likes, follows, profile and other activity are ignored.
 */
import type * as z from 'zod/mini';
import { PayloadError } from '../errors.ts';
import { buildEvent, directionOf, isBrandAuthor } from '../event.ts';
import { parseEnvelope } from '../parse.ts';
import { fromIso } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import { includedUser, postUrl, xAuthor } from './authors.ts';
import { normalizeDms } from './dm.ts';
import { dmPayloadSchema, v2DeleteSchema, v2PostSchema, type xaaEnvelopeSchema } from './schemas.ts';

type XaaEvent = z.output<typeof xaaEnvelopeSchema>['data'];

const POST_EVENTS = new Set(['post.create', 'post.mention.create', 'post.reply.create', 'post.quote.create']);
const DM_EVENTS = new Set(['dm.received', 'dm.sent']);

const brandAccountOf = (event: XaaEvent): string => {
  const userId = event.filter?.user_id;
  if (!userId) throw new PayloadError(`data.filter.user_id: missing, but ${event.event_type} needs it`);
  return userId;
};

const postEvent = (event: XaaEvent, ctx: NormalizeContext, into: NormalizeResult): void => {
  const brandAccount = brandAccountOf(event);
  const post = parseEnvelope(v2PostSchema, event.payload, 'data.payload');
  const fromBrand = isBrandAuthor('x', post.author_id, brandAccount, ctx.accounts);
  const repliedTo = post.referenced_tweets?.find((reference) => reference.type === 'replied_to')?.id;
  const author = xAuthor(post.author_id, includedUser(event.includes?.users, post.author_id));
  const addressee = fromBrand ? post.in_reply_to_user_id : post.author_id;
  into.events.push(
    buildEvent(
      {
        platform: 'x',
        channel: 'x',
        action: 'message',
        brandAccount,
        threadKey: post.conversation_id ?? repliedTo ?? post.id,
        platformMessageId: post.id,
        direction: directionOf(fromBrand),
        author,
        // The customer of a brand reply is the one replied to; of anything else, the author.
        identities: addressee ? [{ kind: 'x', value: addressee }] : [],
        text: post.text,
        occurredAt: fromIso(post.created_at, 'data.payload.created_at'),
        inReplyTo: repliedTo,
        url: postUrl(post.id, author.handle),
        raw: event,
      },
      ctx,
    ),
  );
};

const postDeleted = (event: XaaEvent, ctx: NormalizeContext, into: NormalizeResult): void => {
  const brandAccount = brandAccountOf(event);
  const deleted = parseEnvelope(v2DeleteSchema, event.payload, 'data.payload');
  const fromBrand = isBrandAuthor('x', deleted.author_id, brandAccount, ctx.accounts);
  into.events.push(
    buildEvent(
      {
        platform: 'x',
        channel: 'x',
        action: 'delete',
        brandAccount,
        threadKey: deleted.id,
        platformMessageId: deleted.id,
        direction: directionOf(fromBrand),
        author: xAuthor(deleted.author_id, includedUser(event.includes?.users, deleted.author_id)),
        identities: fromBrand ? [] : [{ kind: 'x', value: deleted.author_id }],
        text: '',
        // post.delete carries no time of its own.
        occurredAt: ctx.receivedAt,
        raw: event,
      },
      ctx,
    ),
  );
};

export const normalizeActivity = (event: XaaEvent, ctx: NormalizeContext): NormalizeResult => {
  const result: NormalizeResult = { events: [], ignored: [] };
  if (POST_EVENTS.has(event.event_type)) {
    postEvent(event, ctx, result);
  } else if (event.event_type === 'post.delete') {
    postDeleted(event, ctx, result);
  } else if (DM_EVENTS.has(event.event_type)) {
    const payload = parseEnvelope(dmPayloadSchema, event.payload, 'data.payload');
    const batch = { brandAccount: brandAccountOf(event), events: payload.direct_message_events, users: payload.users };
    normalizeDms({ ...batch, path: 'data.payload.direct_message_events' }, ctx, result);
  } else {
    result.ignored.push({ kind: event.event_type, reason: 'carries no customer message' });
  }
  return result;
};
