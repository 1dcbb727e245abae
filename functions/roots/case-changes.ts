/**
 * What every function that changes cases needs (intake, timers, the cases API, the actions):
 * the store, the outbox and bus for its events, the queues and index for its deadlines and alerts.
 */
import { DynamoLinkLedger } from '../adapters/dynamodb/link-ledger.ts';
import { secret } from '../adapters/secrets.ts';
import { publicBaseUrl } from '../alerts/case-links.ts';
import { settings } from '../config/settings.ts';
import type { LinkLedger } from '../ports.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import {
  alertQueue,
  type Core,
  caseStore,
  outbox,
  publisher,
  type Substitutes,
  table,
  timerIndex,
  timerQueue,
} from './parts.ts';

export const caseChanges = (substitutes: Substitutes, core: Core) => ({
  ...core,
  store: caseStore(substitutes, core.metrics),
  publisher: publisher(substitutes),
  outbox: outbox(),
  alertQueue: alertQueue(substitutes),
  timerQueue: timerQueue(substitutes),
  timerIndex: timerIndex(),
});

export type CaseChanges = ReturnType<typeof caseChanges>;

const linkSecret = async (): Promise<string> => {
  const value = await secret('LINK_SIGNING_SECRET');
  if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: a hand-off cannot carry a signed link');
  return value;
};

/** Hand-offs, promises and acknowledgements: case changes plus the signed case-page link a hand-off carries. */
export const followUps = (changes: CaseChanges, ledger: LinkLedger): FollowUpDeps => ({
  ...changes,
  baseUrl: publicBaseUrl(changes.config.publicBaseUrl, settings().PUBLIC_BASE_URL),
  linkSecret,
  linkEpoch: (caseId) => ledger.epoch(caseId),
});

/** Per-case link epochs and spent action tokens (alerts/links.ts). */
export const linkLedger = (changes: CaseChanges): LinkLedger =>
  new DynamoLinkLedger({ ...table(), clock: changes.clock, newId: changes.newId });
