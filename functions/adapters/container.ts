/**
 * The composition root for functions that need most adapters (intake, timers, alerts, cases,
 * actions, sweeper): one object over the compose modules. A function that needs few adapters
 * (the webhook receiver) imports its compose modules directly, so its bundle carries no other
 * AWS client. Either way each adapter is built once per cold start (./registry.ts).
 */

import { publicBaseUrl } from '../alerts/case-links.ts';
import { settings } from '../config/settings.ts';
import type { FollowUpDeps } from '../use-cases/followups.ts';
import { clock, config, metrics, newId } from './compose/core.ts';
import { claims, counters, feedback, linkLedger, outbox, store, timerIndex } from './compose/dynamodb.ts';
import { publisher } from './compose/eventbridge.ts';
import { alertQueue, deadLetters, intakeQueue, timerQueue } from './compose/sqs.ts';
import { secret } from './secrets.ts';

export { type Adapters, overrideAdapters, resetAdapters } from './registry.ts';

export const adapters = {
  store,
  publisher,
  outbox,
  intakeQueue,
  timerIndex,
  timerQueue,
  alertQueue,
  claims,
  clock,
  newId,
  metrics,
  counters,
  feedback,
  config,
  deadLetters,
  linkLedger,
  /** Everything hand-offs, promises and closing follow-ups need. */
  followUpDeps: (): FollowUpDeps => ({
    store: store(),
    publisher: publisher(),
    outbox: outbox(),
    alertQueue: alertQueue(),
    clock: clock(),
    config: config(),
    newId: newId(),
    // Lazy: only a deadline due within minutes goes straight to the timer queue.
    timerQueue: { send: (timers, now) => timerQueue().send(timers, now) },
    timerIndex: timerIndex(),
    baseUrl: publicBaseUrl(config().publicBaseUrl, settings().PUBLIC_BASE_URL),
    linkSecret: async () => {
      const value = await secret('LINK_SIGNING_SECRET');
      if (!value) throw new Error('secret LINK_SIGNING_SECRET is not set: a hand-off cannot carry a signed link');
      return value;
    },
    linkEpoch: (caseId) => linkLedger().epoch(caseId),
  }),
  /** Everything the intake processor's use case needs. */
  ingestDeps: () => ({
    store: store(),
    publisher: publisher(),
    outbox: outbox(),
    clock: clock(),
    config: config(),
    newId: newId(),
    timerQueue: timerQueue(),
    timerIndex: timerIndex(),
    alertQueue: alertQueue(),
    claims: claims(),
    counters: counters(),
    feedback: feedback(),
  }),
};
