/** What every platform test shares: the example config's brand accounts and a schema check of every event. */
import { expect } from 'vitest';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { type InboundEvent, inboundEventSchema } from '../../functions/domain/inbound-event.ts';
import type { NormalizeContext, NormalizeResult } from '../../functions/platforms/types.ts';

export const RECEIVED_AT = '2026-07-24T21:30:00.000Z';

const config = readSundownConfigFile(new URL('../../sundown.config.json', import.meta.url).pathname);

export const context = (): NormalizeContext => ({ receivedAt: RECEIVED_AT, accounts: config.accounts });

/** Runs a normaliser and parses every event it emits with the InboundEvent contract. */
export const normalized = (
  run: () => NormalizeResult,
): { events: InboundEvent[]; ignored: NormalizeResult['ignored'] } => {
  const result = run();
  const events = result.events.map((event) => inboundEventSchema.parse(event));
  expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  return { events, ignored: result.ignored };
};

/** The single event of a result that must have exactly one. */
export const onlyEvent = (result: { events: InboundEvent[] }): InboundEvent => {
  expect(result.events).toHaveLength(1);
  return result.events[0] as InboundEvent;
};
