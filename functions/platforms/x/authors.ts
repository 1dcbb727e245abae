/** X user objects, in their three wrappings, to an InboundEvent author. */
import type { InboundEventInput } from '../../domain/inbound-event.ts';
import { xProfileSchema } from './schemas.ts';

type Author = InboundEventInput['author'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** XAA wraps users as `{ data: user }` in some payloads and not in others. */
const unwrap = (user: unknown): unknown => (isRecord(user) && isRecord(user.data) ? user.data : user);

/** The profile is enrichment: a user object that does not parse still leaves the id. */
export const xAuthor = (id: string, user: unknown): Author => {
  const parsed = xProfileSchema.safeParse(unwrap(user));
  if (!parsed.success) return { id };
  const profile = parsed.data;
  return {
    id,
    handle: profile.screen_name ?? profile.username,
    name: profile.name,
    followers: profile.followers_count ?? profile.public_metrics?.followers_count,
    verified: profile.verified,
  };
};

/** The user with this id in an XAA `includes.users` array. */
export const includedUser = (users: readonly unknown[] | undefined, id: string): unknown =>
  users?.map(unwrap).find((user) => isRecord(user) && user.id === id);

export const postUrl = (id: string, handle: string | undefined): string =>
  handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;
