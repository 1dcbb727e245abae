/**
 * Suppression defers, never drops: a suppressed case's chain alerts outside the suppression
 * calendar's business hours are held on the case until the calendar opens, then go out grouped
 * per target (one notice listing the cases, not one page per case). Pure.
 */

import type { Case, DeferredAlert } from '../case.ts';
import type { AlertJob } from '../escalation.ts';
import type { DomainConfig } from '../policies.ts';
import type { Notice } from '../queue-messages.ts';
import { businessHours } from '../sla/calendar.ts';
import type { Timer } from '../sla/types.ts';
import { suppressionCalendar } from './suppression.ts';

/** When a suppressed case's alert may go out, if not now: the next opening of the suppression calendar. */
export const suppressedAlertDeferral = (
  theCase: Pick<Case, 'suppressed' | 'sla'>,
  now: Date,
  config: DomainConfig,
): { readonly until: string; readonly reason: string } | undefined => {
  if (!theCase.suppressed) return undefined;
  const calendarName = suppressionCalendar(theCase, config);
  const calendar = calendarName ? config.calendars[calendarName] : undefined;
  if (!calendar) return undefined;
  const hours = businessHours(calendar);
  if (hours.workingTimeBetween(now, new Date(now.getTime() + 1_000)) > 0) return undefined;
  // One working millisecond after now ends one millisecond after the opening.
  const opening = new Date(hours.addWorkingTime(now, 1).getTime() - 1).toISOString();
  return {
    until: opening,
    reason: `case suppressed (${theCase.suppressed.reason}): outside ${calendarName} business hours`,
  };
};

export const deferredTimer = (caseId: string, until: string): Timer => ({
  caseId,
  key: `deferred:${until}`,
  kind: 'deferred',
  clock: 'firstResponse',
  generation: 0,
  dueAt: until,
});

/** The case with the alert held back; the same alert deferred twice is held once. */
export const deferAlert = (theCase: Case, job: AlertJob, until: string, now: string): Case | undefined => {
  if (job.kind !== 'breach' && job.kind !== 'escalation') return undefined;
  if (theCase.deferredAlerts?.some((d) => d.alertId === job.alertId)) return undefined;
  const { alertId, target, escalationId, clock, kind, level, round } = job;
  const deferred: DeferredAlert = { alertId, target, escalationId, clock, kind, level, round, deferredAt: now, until };
  return { ...theCase, deferredAlerts: [...(theCase.deferredAlerts ?? []), deferred] };
};

const jobOf = (caseId: string, d: DeferredAlert): AlertJob =>
  ({
    alertId: d.alertId,
    caseId,
    target: d.target,
    escalationId: d.escalationId,
    clock: d.clock,
    kind: d.kind,
    level: d.level,
    round: d.round,
  }) as AlertJob;

/** A held-back alert is still needed while its escalation runs (an answered case needs no alert). */
const stillNeeded = (theCase: Case, d: DeferredAlert): boolean =>
  theCase.escalations?.some((e) => e.id === d.escalationId && !e.endedAt) ?? false;

/** Deferred alerts due by `now` whose escalation still runs (an answered case needs no alert). */
export const dueDeferred = (theCase: Case, now: string): { due: DeferredAlert[]; moot: DeferredAlert[] } => {
  const due: DeferredAlert[] = [];
  const moot: DeferredAlert[] = [];
  for (const d of theCase.deferredAlerts ?? []) {
    if (d.until > now) continue;
    (stillNeeded(theCase, d) ? due : moot).push(d);
  }
  return { due, moot };
};

/** Alert ids of held-back alerts sent when their case's suppression is lifted; the held ones' ids are spent. */
export const liftedAlertId = (alertId: string): string => `lifted:${alertId}`;

/**
 * What lifting a case's suppression does with its held-back alerts: those whose escalation still
 * runs go out now, as alert jobs of their own; the rest are no longer needed.
 */
export const liftedDeferred = (
  theCase: Case,
): { jobs: AlertJob[]; released: DeferredAlert[]; moot: DeferredAlert[] } => {
  const held = theCase.deferredAlerts ?? [];
  const running = (d: DeferredAlert) => stillNeeded(theCase, d);
  const released = held.filter(running);
  const jobs = released.map((d) => ({ ...jobOf(theCase.id, d), alertId: liftedAlertId(d.alertId) }));
  return { jobs, released, moot: held.filter((d) => !running(d)) };
};

const shortHash = (text: string): string => {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(36);
};

/** One notice per target listing every case whose alerts to it were held back. */
export const deferredNotices = (cases: readonly Case[], now: string): Notice[] => {
  const byTarget = new Map<string, { theCase: Case; alerts: DeferredAlert[] }[]>();
  for (const theCase of cases) {
    for (const d of dueDeferred(theCase, now).due) {
      const entries = byTarget.get(d.target) ?? [];
      const entry = entries.find((e) => e.theCase.id === theCase.id);
      if (entry) entry.alerts.push(d);
      else entries.push({ theCase, alerts: [d] });
      byTarget.set(d.target, entries);
    }
  }
  return [...byTarget.entries()].map(([target, entries]) => {
    const ids = entries.map((e) => e.theCase.id).sort();
    const lines = entries.map(({ theCase, alerts }) => {
      const level = Math.max(...alerts.map((a) => a.level));
      const who = theCase.customerName ?? theCase.customerHandle ?? theCase.customerId;
      return `- ${who}: "${theCase.subject}" (case ${theCase.id}, level ${level}, suppressed: ${theCase.suppressed?.reason ?? 'lifted'})`;
    });
    return {
      noticeId: `deferred-${target}-${shortHash(ids.join(','))}-${shortHash(entries.flatMap((e) => e.alerts.map((a) => a.alertId)).join(','))}`,
      target,
      kind: 'deferred_alerts',
      title: `${entries.length} suppressed ${entries.length === 1 ? 'case' : 'cases'} held back outside business hours, still unanswered`,
      text: lines.join('\n'),
      payload: {
        caseIds: ids,
        jobs: entries.flatMap(({ theCase, alerts }) => alerts.map((a) => jobOf(theCase.id, a))),
      },
    } satisfies Notice;
  });
};
