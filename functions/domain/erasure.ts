/**
 * What erasing a customer's personal data means for each stored record: texts, names, handles,
 * platform ids and raw payloads become `[erased]`; timestamps, statuses, SLA clocks, counts and
 * sentiment scores stay, so reports still count the case. Pure: the adapter applies it.
 */
import type { AuditEntry, Author, Case, Message } from './case.ts';

export const ERASED = '[erased]';

/** Audit detail fields that carry what the customer wrote or sent. */
const PERSONAL_DETAIL_FIELDS = ['raw', 'text', 'previousText', 'threadKey'] as const;

export const eraseCase = (theCase: Case): Case => {
  const { customerName, customerHandle, ...rest } = theCase;
  return {
    ...rest,
    ...(customerName !== undefined && { customerName: ERASED }),
    ...(customerHandle !== undefined && { customerHandle: ERASED }),
    subject: ERASED,
  };
};

const eraseAuthor = ({ handle, name, ...rest }: Author): Author => ({
  ...rest,
  id: ERASED,
  ...(handle !== undefined && { handle: ERASED }),
  ...(name !== undefined && { name: ERASED }),
});

/** Outbound authors are the brand's own accounts; their text is erased since it may quote the customer. */
export const eraseMessage = (message: Message): Message => {
  const { url: _url, edits, ...rest } = message;
  return {
    ...rest,
    text: ERASED,
    threadKey: ERASED,
    author: message.direction === 'inbound' ? eraseAuthor(message.author) : message.author,
    ...(edits && { edits: edits.map((edit) => ({ ...edit, text: ERASED })) }),
  };
};

/** Who the customer was on the platforms, as audit actors name them (`<platform>:<handle or id>`). */
export const customerActorNames = (messages: readonly Message[], identityValues: readonly string[]): Set<string> => {
  const names = new Set(identityValues);
  for (const message of messages.filter((m) => m.direction === 'inbound')) {
    names.add(message.author.id);
    if (message.author.handle) names.add(message.author.handle);
  }
  names.delete(ERASED);
  return names;
};

export const eraseAuditEntry = (entry: AuditEntry, customerActors: ReadonlySet<string>): AuditEntry => {
  const separator = entry.actor.indexOf(':');
  const actorName = entry.actor.slice(separator + 1);
  const actor = customerActors.has(actorName) ? `${entry.actor.slice(0, separator + 1)}${ERASED}` : entry.actor;
  const detail = entry.detail && { ...entry.detail };
  if (detail) for (const field of PERSONAL_DETAIL_FIELDS) if (field in detail) detail[field] = ERASED;
  return { ...entry, actor, ...(detail && { detail }) };
};
