/**
 * What an alert target receives: a plain object the escalation engine builds once per alert and
 * hands to every target of the level. The message builders in targets/ only read it, so the same
 * alert renders the same way everywhere.
 */
import type { Alert, AlertCustomer, AlertKind } from '../domain/alert.ts';
import type { FollowUp } from '../domain/case.ts';
import { DEADLINE_LABELS, DEADLINES, type Deadline } from '../domain/sla/clock-table.ts';

export type { Alert, AlertCustomer, AlertKind } from '../domain/alert.ts';

export interface AlertIdentityInput {
  readonly caseId: string;
  readonly clock: Deadline;
  /** ClockState.generation of the clock that breached. */
  readonly generation: number;
  readonly kind: AlertKind;
  readonly level: number;
  readonly round: number;
}

const DEDUP_KEY = new RegExp(`^sundown:([0-9A-Za-z_-]+):(${DEADLINES.join('|')}):(\\d+)$`);

/** The key every alert of one breach shares: PagerDuty's dedup_key. */
export const breachDedupKey = (caseId: string, clock: Deadline, generation: number): string => {
  const dedupKey = `sundown:${caseId}:${clock}:${generation}`;
  if (!DEDUP_KEY.test(dedupKey)) throw new RangeError(`case id "${caseId}" cannot form a dedup key`);
  return dedupKey;
};

/** Ids every alert of one breach shares (dedupKey, escalationId) and the one that is its own (alertId). */
export const alertIdentity = ({ caseId, clock, generation, kind, level, round }: AlertIdentityInput) => {
  const dedupKey = breachDedupKey(caseId, clock, generation);
  // No dots: Standard Webhooks forbids them in webhook-id, which is this id.
  return {
    dedupKey,
    escalationId: `${clock}:${generation}`,
    alertId: `${dedupKey}:${kind}:${level}-${round}`,
  } as const;
};

export interface DedupKeyParts {
  readonly caseId: string;
  readonly clock: Deadline;
  readonly generation: number;
  readonly escalationId: string;
}

/** The case and breach a dedup key stands for, or undefined when it is not one of ours. */
export const parseDedupKey = (key: string): DedupKeyParts | undefined => {
  const match = DEDUP_KEY.exec(key);
  if (!match) return undefined;
  const [, caseId = '', clock, generation = ''] = match;
  return {
    caseId,
    clock: clock as Deadline,
    generation: Number(generation),
    escalationId: `${clock}:${generation}`,
  };
};

const MINUTE = 60_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** "45 min", "1 h 05 min", "2 d 03 h 05 min": whole minutes, rounded down; negative counts as zero. */
export const formatWaiting = (ms: number): string => {
  const minutes = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / MINUTE) : 0;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${pad(hours)} h ${pad(rest)} min`;
  if (hours > 0) return `${hours} h ${pad(rest)} min`;
  return `${rest} min`;
};

/** How long the customer had waited when the alert was raised. */
export const waitingMs = (alert: Pick<Alert, 'waitingSince' | 'raisedAt'>): number =>
  Date.parse(alert.raisedAt) - Date.parse(alert.waitingSince);

/** How far past the target the alert was raised; negative for a warning (time left). */
export const overdueMs = (alert: Pick<Alert, 'dueAt' | 'raisedAt'>): number =>
  Date.parse(alert.raisedAt) - Date.parse(alert.dueAt);

const FOLLOW_UP_LABELS: Readonly<Record<FollowUp['kind'], string>> = {
  handoff: 'hand-off',
  promise: 'promise',
  checkback: 'check-back',
  reply_window: 'reply window',
};

/** What the alert is about: `first response`, or `missed hand-off to billing`. */
export const deadlineLabel = (alert: Pick<Alert, 'clock' | 'followUp'>): string => {
  if (!alert.followUp) return DEADLINE_LABELS[alert.clock];
  const { kind, department } = alert.followUp;
  return `missed ${FOLLOW_UP_LABELS[kind]}${department ? ` ${kind === 'handoff' ? 'to' : 'for'} ${department}` : ''}`;
};

/** One line saying where the clock stands, shared by every target. */
export const clockStatus = (alert: Alert): string => {
  const clock = deadlineLabel(alert);
  const overdue = overdueMs(alert);
  switch (alert.kind) {
    case 'warning':
      return `${clock} due in ${formatWaiting(-overdue)}`;
    case 'resolved':
      return `case resolved (${clock} clock)`;
    default:
      return `${clock} overdue by ${formatWaiting(overdue)}${alert.note ? `; ${alert.note}` : ''}`;
  }
};

/** "Jane Doe (@jane)", "@jane", "Jane Doe" or "the customer". */
export const customerLabel = ({ name, handle }: AlertCustomer): string => {
  const at = handle ? `@${handle.replace(/^@/, '')}` : undefined;
  if (name && at) return `${name} (${at})`;
  return name ?? at ?? 'the customer';
};

/** "12,300 followers, verified": the customer's reach, or undefined when unknown. */
export const customerReach = ({ followers, verified }: AlertCustomer): string | undefined => {
  const parts = [
    followers === undefined ? undefined : `${followers.toLocaleString('en-US')} followers`,
    verified ? 'verified' : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
};

/**
 * Cuts text to at most `max` UTF-16 units (what platforms' limits and `.length` count), ending
 * with an ellipsis when cut, and never splitting a surrogate pair.
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > max - 1) break;
    kept += char;
  }
  return `${kept}…`;
};
