/** The in-memory adapters sharing one "table": a case write puts its timers and events where the sweeper and relay read them. */
import type { Clock } from '../../../functions/ports.ts';
import { MemoryCaseStore } from './memory-case-store.ts';
import { MemoryOutbox } from './memory-outbox.ts';
import { MemoryTimerIndex } from './memory-timer-index.ts';

export const memoryAdapters = (clock: Clock) => {
  const timerIndex = new MemoryTimerIndex();
  const outbox = new MemoryOutbox();
  return { store: new MemoryCaseStore({ timerIndex, outbox, clock }), timerIndex, outbox };
};
