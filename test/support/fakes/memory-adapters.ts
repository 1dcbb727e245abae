/**
 * The in-memory adapters sharing one "table": a case write puts its timers and events where the
 * sweeper and relay read them, a link revocation audits on the case. Every port a use case
 * stores through, so use-case tests need no Java; the DynamoDB adapters keep their own tests.
 */
import { monotonicFactory } from 'ulid';
import type { Clock } from '../../../functions/ports.ts';
import { MemoryCaseStore } from './memory-case-store.ts';
import { MemoryClaims } from './memory-claims.ts';
import { MemoryFeedbackStore } from './memory-feedback-store.ts';
import { MemoryLinkLedger } from './memory-link-ledger.ts';
import { MemoryOutbox } from './memory-outbox.ts';
import { MemoryTimerIndex } from './memory-timer-index.ts';
import { MemoryWindowCounters } from './memory-window-counters.ts';

export const memoryAdapters = (clock: Clock, newId: () => string = monotonicFactory()) => {
  const timerIndex = new MemoryTimerIndex();
  const outbox = new MemoryOutbox();
  const store = new MemoryCaseStore({ timerIndex, outbox, clock });
  return {
    store,
    timerIndex,
    outbox,
    claims: new MemoryClaims(clock),
    counters: new MemoryWindowCounters(),
    feedback: new MemoryFeedbackStore(),
    linkLedger: new MemoryLinkLedger({ store, clock, newId }),
  };
};

export type MemoryAdapters = ReturnType<typeof memoryAdapters>;
