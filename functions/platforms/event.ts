/**
 * Conventions every normaliser shares: how an InboundEvent is assembled, its eventId,
 * who counts as the brand, and how identities are normalised.
 */
import type { BrandAccount } from '../config/schema.ts';
import type { Channel, Identity } from '../domain/case.ts';
import type { InboundAction, InboundEventInput } from '../domain/inbound-event.ts';
import type { NormalizeContext } from './types.ts';

export type EventParts = Omit<InboundEventInput, 'version' | 'eventId' | 'receivedAt'> & {
  /** Narrows the eventId where platform message ids are only unique per source (inbound webhooks). */
  readonly eventIdScope?: string;
};

/**
 * `<channel>:<action>:[<scope>:]<platformMessageId>`, plus `:<occurredAt>` for edits and
 * `:<deliveryStatus>` for statuses. A retried delivery yields the same id; two edits or two
 * statuses of one message do not.
 */
export const eventIdOf = (parts: {
  channel: Channel;
  action: InboundAction;
  platformMessageId: string;
  occurredAt: string;
  deliveryStatus?: string | undefined;
  eventIdScope?: string | undefined;
}): string => {
  const base = [parts.channel, parts.action, parts.eventIdScope, parts.platformMessageId].filter(Boolean).join(':');
  if (parts.action === 'edit') return `${base}:${parts.occurredAt}`;
  if (parts.action === 'status') return `${base}:${parts.deliveryStatus ?? 'unknown'}`;
  return base;
};

export const buildEvent = (parts: EventParts, ctx: NormalizeContext): InboundEventInput => {
  const { eventIdScope, raw, ...event } = parts;
  return {
    version: 1,
    eventId: eventIdOf({ ...parts, eventIdScope }),
    receivedAt: ctx.receivedAt,
    ...event,
    // Kept as JSON text from here on: large integers keep every digit (see lossless-json.ts).
    raw: typeof raw === 'string' ? raw : JSON.stringify(raw),
  };
};

/**
 * Some webhooks name no author (Instagram `mentions`, a removed feed item). The id is unique per
 * message so that the processor never merges unrelated customers under one placeholder.
 */
export const unknownAuthor = (platformMessageId: string) => ({ id: `unknown:${platformMessageId}` });

/** True when `authorId` is the account the webhook was delivered for or any configured account of that channel. */
export const isBrandAuthor = (
  channel: Channel,
  authorId: string,
  brandAccount: string,
  accounts: readonly BrandAccount[],
): boolean =>
  authorId === brandAccount ||
  accounts.some(
    (account) => account.channel === channel && (account.id === authorId || account.aliases.includes(authorId)),
  );

export const directionOf = (isBrand: boolean) => (isBrand ? 'outbound' : 'inbound') as 'inbound' | 'outbound';

/** `+` and the digits: every channel writes phone numbers this way so that they link. */
export const phoneIdentity = (phone: string): Identity | undefined => {
  const digits = phone.replace(/\D/g, '');
  return digits ? { kind: 'phone', value: `+${digits}` } : undefined;
};

export const emailIdentity = (email: string): Identity => ({ kind: 'email', value: email.trim().toLowerCase() });

export const compact = <T>(items: readonly (T | undefined | null | false)[]): T[] =>
  items.filter((item): item is T => item !== undefined && item !== null && item !== false);
