/**
 * Instagram `comments` and `mentions` changes (meta.md §4, Instagram Platform webhooks).
 * Comments name their author and text. Mentions (Facebook Login for Business) carry only the
 * media and comment ids: Sundown still opens a case so that the mention is seen, with an
 * unknown author and `[mention]` as text, until someone fetches the rest from the Graph API.
 */
import { buildEvent, directionOf, isBrandAuthor, unknownAuthor } from '../event.ts';
import { parseItem } from '../parse.ts';
import type { ItemNormalizer } from './entry.ts';
import { instagramCommentValueSchema, instagramMentionValueSchema } from './schemas.ts';

export const instagramComment: ItemNormalizer = (value, path, entry, ctx, into) => {
  const parsed = parseItem(instagramCommentValueSchema, value, 'instagram.comments', path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const comment = parsed.value;
  const commentId = comment.id ?? comment.comment_id ?? '';
  const fromBrand = isBrandAuthor('instagram', comment.from.id, entry.id, ctx.accounts);
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'instagram',
        action: 'message',
        brandAccount: entry.id,
        threadKey: comment.media.id,
        platformMessageId: commentId,
        direction: directionOf(fromBrand),
        author: { id: comment.from.id, handle: comment.from.username },
        identities: fromBrand ? [] : [{ kind: 'instagram', value: comment.from.id }],
        text: comment.text ?? '',
        // Comment notifications carry no time of their own.
        occurredAt: entry.sentAt ?? ctx.receivedAt,
        inReplyTo: comment.parent_id ?? comment.media.id,
        raw: comment,
      },
      ctx,
    ),
  );
};

export const instagramMention: ItemNormalizer = (value, path, entry, ctx, into) => {
  const parsed = parseItem(instagramMentionValueSchema, value, 'instagram.mentions', path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const mention = parsed.value;
  const messageId = mention.comment_id ?? mention.media_id;
  into.events.push(
    buildEvent(
      {
        platform: 'meta',
        channel: 'instagram',
        action: 'message',
        brandAccount: entry.id,
        threadKey: mention.media_id,
        platformMessageId: messageId,
        direction: 'inbound',
        author: unknownAuthor(messageId),
        identities: [],
        text: '[mention]',
        occurredAt: entry.sentAt ?? ctx.receivedAt,
        inReplyTo: mention.comment_id ? mention.media_id : undefined,
        raw: mention,
      },
      ctx,
    ),
  );
};
