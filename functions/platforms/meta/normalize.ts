/**
 * One Meta POST batches many entries, each with many changes or messaging items (up to 1000
 * updates, meta.md §3): every item becomes its own event, or its own line in `ignored`.
 */
import { PayloadError } from '../errors.ts';
import { parseEnvelope, parseItem } from '../parse.ts';
import { fromMetaTime } from '../time.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import type { EntryContext, ItemNormalizer } from './entry.ts';
import { pageFeed, pageMention } from './feed.ts';
import { instagramComment, instagramMention } from './instagram.ts';
import { directMessage } from './messaging.ts';
import { changeSchema, entrySchema, envelopeObjectSchema } from './schemas.ts';
import { whatsappMessages } from './whatsapp.ts';

interface ObjectHandlers {
  readonly changes: Readonly<Record<string, ItemNormalizer>>;
  readonly messaging?: ItemNormalizer;
}

/** The `object`s and fields Sundown subscribes to. */
const OBJECTS: Readonly<Record<string, ObjectHandlers>> = {
  page: { changes: { feed: pageFeed, mention: pageMention }, messaging: directMessage('messenger') },
  instagram: {
    changes: { comments: instagramComment, mentions: instagramMention },
    messaging: directMessage('instagram'),
  },
  whatsapp_business_account: { changes: { messages: whatsappMessages } },
};

const normalizeChange = (
  object: string,
  handlers: ObjectHandlers,
  change: unknown,
  path: string,
  entry: EntryContext,
  ctx: NormalizeContext,
  into: NormalizeResult,
): void => {
  const parsed = parseItem(changeSchema, change, `${object}.change`, path);
  if (!parsed.ok) return void into.ignored.push(parsed.ignored);
  const { field, value } = parsed.value;
  const handler = handlers.changes[field];
  if (!handler) return void into.ignored.push({ kind: `${object}.${field}`, reason: 'field not handled' });
  handler(value, `${path}.value`, entry, ctx, into);
};

const normalizeEntry = (
  object: string,
  handlers: ObjectHandlers,
  raw: unknown,
  path: string,
  ctx: NormalizeContext,
  into: NormalizeResult,
) => {
  const item = parseEnvelope(entrySchema, raw, path);
  const entry: EntryContext = {
    id: item.id,
    sentAt: item.time === undefined ? undefined : fromMetaTime(item.time, `${path}.time`),
  };
  item.changes?.forEach((change, index) => {
    normalizeChange(object, handlers, change, `${path}.changes.${index}`, entry, ctx, into);
  });
  if (item.field !== undefined) normalizeChange(object, handlers, item, path, entry, ctx, into);
  item.messaging?.forEach((message, index) => {
    if (handlers.messaging) handlers.messaging(message, `${path}.messaging.${index}`, entry, ctx, into);
    else into.ignored.push({ kind: `${object}.messaging`, reason: 'messaging not handled' });
  });
  if (item.changed_fields) {
    into.ignored.push({ kind: `${object}.changed_fields`, reason: 'sent without values: turn on "Include Values"' });
  }
};

export const normalizeMeta = (payload: unknown, ctx: NormalizeContext): NormalizeResult => {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new PayloadError('(root): expected a JSON object with object and entry');
  }
  const { object, entry } = parseEnvelope(envelopeObjectSchema, payload);
  const result: NormalizeResult = { events: [], ignored: [] };
  const handlers = OBJECTS[object];
  if (!handlers) {
    result.ignored.push({
      kind: object,
      reason: 'object not subscribed: page, instagram and whatsapp_business_account are',
    });
    return result;
  }
  entry.forEach((item, index) => {
    normalizeEntry(object, handlers, item, `entry.${index}`, ctx, result);
  });
  return result;
};
