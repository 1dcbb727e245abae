/**
 * What every function that changes cases needs (intake, timers, the cases API, the console, the
 * actions): the store, the outbox and bus for its events, the queues and index for its deadlines
 * and alerts. The bus and the queues load their clients with their first use; a function that
 * publishes or queues on nearly every call hands in ones loaded at cold start (roots/intake.ts, roots/timers.ts).
 */
import { publicBaseUrl } from '../alerts/case-links.ts';
import { settings } from '../config/settings.ts';
import type { LinkLedger } from '../ports.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import {
  alertQueueOnFirstUse,
  type Core,
  caseStore,
  linkLedger as ledgerPart,
  outbox,
  publisherOnFirstUse,
  type Substitutes,
  secrets,
  timerIndex,
  timerQueueOnFirstUse,
} from './parts.ts';

export const caseChanges = (substitutes: Substitutes, core: Core) => ({
  ...core,
  store: caseStore(substitutes, core.metrics),
  publisher: publisherOnFirstUse(substitutes),
  outbox: outbox(),
  alertQueue: alertQueueOnFirstUse(substitutes),
  timerQueue: timerQueueOnFirstUse(substitutes),
  timerIndex: timerIndex(),
  secrets: secrets(substitutes),
  ledger: ledgerPart(substitutes, core.clock, core.newId),
});

export type CaseChanges = ReturnType<typeof caseChanges>;

/** Hand-offs, promises and acknowledgements: case changes plus the signed case-page link a hand-off carries. */
export const followUps = (changes: CaseChanges, ledger: LinkLedger): FollowUpDeps => ({
  ...changes,
  baseUrl: publicBaseUrl(changes.config.publicBaseUrl, settings().PUBLIC_BASE_URL),
  linkSecret: () => changes.secrets.require('LINK_SIGNING_SECRET', 'a hand-off cannot carry a signed link'),
  linkEpoch: (caseId) => ledger.epoch(caseId),
});

/** Per-case link epochs and spent action tokens (alerts/links.ts). */
export const linkLedger = (changes: CaseChanges): LinkLedger => changes.ledger;
