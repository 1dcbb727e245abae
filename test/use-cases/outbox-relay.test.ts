/**
 * Domain events on the in-memory adapters, with a fixed clock: every stored change's domain events
 * reach the bus at least once, whether the writer crashed before publishing, the bus failed, or
 * the write happened but its answer was lost. Intake keeps its events on the event's marker and
 * uses the outbox only when publishing fails; the case actions use the transactional outbox.
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../functions/domain/events.ts';
import type { CaseStore, EventPublisher, Outbox } from '../../functions/ports.ts';
import { resolveCase } from '../../functions/use-cases/case-actions.ts';
import { ingestInboundEvent } from '../../functions/use-cases/ingest-inbound-event.ts';
import { relayOutbox } from '../../functions/use-cases/relay-outbox.ts';
import { followUpConfig } from '../domain/followups/fixtures.ts';
import { messageEvent } from './followups-support.ts';
import { type TriageHarness, triageHarness } from './triage-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const downBus: EventPublisher = {
  publish: async () => {
    throw new Error('EventBridge is unreachable');
  },
};

/** A store whose `method` writes and then loses the answer, as a dropped connection does. */
const losingAnswers = (store: CaseStore, method: 'createCase' | 'saveCase'): CaseStore =>
  new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property !== method) return value.bind(target);
      return async (input: never) => {
        await value.call(target, input);
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      };
    },
  });

/** The relay as the sweeper runs it, `minutes` after T0. */
const relayAt = (h: TriageHarness, minutes: number) => {
  h.clock.set(at(minutes));
  return relayOutbox({ outbox: h.deps.outbox, publisher: h.bus, clock: h.clock });
};

const customerWrites = (id: string) =>
  messageEvent(id, T0, { channel: 'chat', platform: 'inbound', brandAccount: 'chat', threadKey: `thread-${id}` });

const ofType = (events: readonly DomainEvent[], type: DomainEvent['type']) => events.filter((e) => e.type === type);

describe('the domain event outbox', () => {
  it('relays an event stored with its case but never published, exactly once, after a minute', async () => {
    // Prepare: the bus is down while the case is opened.
    const h = await triageHarness(followUpConfig(), T0);
    const outcome = await ingestInboundEvent(customerWrites('a'), { ...h.deps, publisher: downBus });
    if (outcome.outcome !== 'applied') throw new Error(`expected applied, got ${outcome.outcome}`);

    // Act
    const tooEarly = await relayAt(h, 0.5);
    const first = await relayAt(h, 2);
    const second = await relayAt(h, 3);

    // Assess
    expect([tooEarly, first, second]).toEqual([{ relayed: 0 }, { relayed: 1 }, { relayed: 0 }]);
    expect(h.bus.events).toEqual([
      expect.objectContaining({ type: 'CaseOpened', caseId: outcome.caseId, at: T0, id: expect.stringMatching(ULID) }),
    ]);
  });

  it('leaves nothing to relay when the writer published', async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    await ingestInboundEvent(customerWrites('b'), h.deps);

    // Act
    const relayed = await relayAt(h, 5);

    // Assess
    expect(relayed).toEqual({ relayed: 0 });
    expect(h.bus.events.map((e) => e.type)).toEqual(['CaseOpened']);
  });

  it('publishes CaseOpened when the case was created but the answer to the write was lost', async () => {
    // Prepare: the write happens, the processor sees an error; the platform event is redelivered.
    const h = await triageHarness(followUpConfig(), T0);
    const event = customerWrites('c');
    await expect(
      ingestInboundEvent(event, { ...h.deps, store: losingAnswers(h.deps.store, 'createCase') }),
    ).rejects.toThrow('socket hang up');
    const retried = await ingestInboundEvent(event, h.deps);

    // Act
    await relayAt(h, 2);

    // Assess: the case was opened with its message in one write, so the redelivery is a duplicate
    expect(retried).toEqual({ outcome: 'duplicate' });
    const stored = await h.deps.store.findMessage(event.channel, event.platformMessageId);
    const opened = ofType(h.bus.events, 'CaseOpened');
    expect(opened.map((e) => e.caseId)).toEqual([stored?.caseId]);
  });

  it('publishes the brand reply as CaseResponded when the retry of a lost save is recognised as a duplicate', async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    await ingestInboundEvent(messageEvent('m1', T0), h.deps);
    h.clock.set(at(10));
    const reply = messageEvent('r1', at(10), { direction: 'outbound' });
    await expect(
      ingestInboundEvent(reply, { ...h.deps, store: losingAnswers(h.deps.store, 'saveCase') }),
    ).rejects.toThrow('socket hang up');
    const retried = await ingestInboundEvent(reply, h.deps);

    // Act
    await relayAt(h, 12);

    // Assess
    expect(retried.outcome).toBe('duplicate');
    expect(ofType(h.bus.events, 'CaseResponded')).toEqual([
      expect.objectContaining({ at: at(10), detail: expect.objectContaining({ seconds: 600 }) }),
    ]);
  });

  it('publishes from the marker when the processor stopped between the write and the publish and the queue redelivers', async () => {
    // Prepare: the case is written, then the processor dies before anything else runs.
    const h = await triageHarness(followUpConfig(), T0);
    const event = customerWrites('crash');
    await expect(
      ingestInboundEvent(event, { ...h.deps, store: losingAnswers(h.deps.store, 'createCase') }),
    ).rejects.toThrow('socket hang up');
    expect(h.bus.events).toEqual([]);

    // Act: the queue redelivers the event; no relay runs
    const redelivered = await ingestInboundEvent(event, h.deps);

    // Assess
    expect(redelivered).toEqual({ outcome: 'duplicate' });
    const stored = await h.deps.store.findMessage(event.channel, event.platformMessageId);
    expect(ofType(h.bus.events, 'CaseOpened').map((e) => e.caseId)).toEqual([stored?.caseId]);
    expect(await h.deps.outbox.pending(new Date(at(60)), 10)).toEqual([]);
  });

  it('fails the event when neither the bus nor the outbox takes its events, and its redelivery publishes them', async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    const event = customerWrites('both-down');
    const downOutbox: Outbox = { ...h.deps.outbox, add: downBus.publish };
    await expect(ingestInboundEvent(event, { ...h.deps, publisher: downBus, outbox: downOutbox })).rejects.toThrow(
      'EventBridge is unreachable',
    );

    // Act
    const redelivered = await ingestInboundEvent(event, h.deps);

    // Assess: one case, one CaseOpened id, nothing left for the relay
    expect(redelivered).toEqual({ outcome: 'duplicate' });
    const opened = ofType(h.bus.events, 'CaseOpened');
    expect(opened).toHaveLength(1);
    expect(await h.deps.outbox.pending(new Date(at(60)), 10)).toEqual([]);
  });

  it('publishes the kept events again when the event returns as a new queue message, as a dead-letter redrive does', async () => {
    // Prepare: the write commits, but neither the bus nor the outbox takes its events, on every receive
    const h = await triageHarness(followUpConfig(), T0);
    const event = customerWrites('redriven');
    const downOutbox: Outbox = { ...h.deps.outbox, add: downBus.publish };
    const down = { ...h.deps, publisher: downBus, outbox: downOutbox };
    await expect(ingestInboundEvent(event, down)).rejects.toThrow('EventBridge is unreachable');
    await expect(ingestInboundEvent(event, down)).rejects.toThrow('EventBridge is unreachable');

    // Act: redriven from the dead-letter queue, a new message that looks like a first delivery
    const again = await ingestInboundEvent(event, h.deps);

    // Assess: one case, its CaseOpened published once it could be
    expect(again).toEqual({ outcome: 'duplicate' });
    const stored = await h.deps.store.findMessage(event.channel, event.platformMessageId);
    expect(ofType(h.bus.events, 'CaseOpened').map((e) => e.caseId)).toEqual([stored?.caseId]);
  });

  it("publishes a platform's duplicate's events again under the same ids, so consumers that dedupe see one", async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    const event = customerWrites('twice');
    await ingestInboundEvent(event, h.deps);

    // Act: the platform sends it again, a new queue message
    const again = await ingestInboundEvent(event, h.deps);

    // Assess
    expect(again).toEqual({ outcome: 'duplicate' });
    const opened = ofType(h.bus.events, 'CaseOpened');
    expect(opened).toHaveLength(2);
    expect(new Set(opened.map((e) => e.id)).size).toBe(1);
  });

  it('writes no outbox entry for an intake event whose publishing succeeded', async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    const added: DomainEvent[] = [];
    const watched: Outbox = {
      ...h.deps.outbox,
      pending: h.deps.outbox.pending.bind(h.deps.outbox),
      done: h.deps.outbox.done.bind(h.deps.outbox),
      add: async (events) => {
        added.push(...events);
      },
    };

    // Act
    await ingestInboundEvent(customerWrites('quiet'), { ...h.deps, outbox: watched });

    // Assess
    expect(added).toEqual([]);
    expect(ofType(h.bus.events, 'CaseOpened')).toHaveLength(1);
  });

  it('relays with the id the writer gave, so a consumer sees a second copy as the same event', async () => {
    // Prepare: the writer publishes, then fails to mark the event done.
    const h = await triageHarness(followUpConfig(), T0);
    const opened = await ingestInboundEvent(customerWrites('d'), h.deps);
    if (opened.outcome !== 'applied') throw new Error(`expected applied, got ${opened.outcome}`);
    h.clock.set(at(1));
    const forgetful: Outbox = {
      add: h.deps.outbox.add.bind(h.deps.outbox),
      pending: h.deps.outbox.pending.bind(h.deps.outbox),
      done: downBus.publish,
    };
    await resolveCase(opened.caseId, { who: 'ann', via: 'api' }, { ...h.deps, outbox: forgetful });

    // Act
    const relayed = await relayAt(h, 3);

    // Assess
    const resolved = ofType(h.bus.events, 'CaseResolved');
    expect(relayed).toEqual({ relayed: 1 });
    expect(resolved).toHaveLength(2);
    expect(resolved[1]).toEqual(resolved[0]);
    expect(resolved[0]?.id).toMatch(ULID);
    expect(new Set(h.bus.events.map((e) => e.id)).size).toBe(2);
  });

  it('keeps the event of a failed action in the outbox and relays it', async () => {
    // Prepare
    const h = await triageHarness(followUpConfig(), T0);
    const opened = await ingestInboundEvent(customerWrites('e'), h.deps);
    if (opened.outcome !== 'applied') throw new Error(`expected applied, got ${opened.outcome}`);
    h.clock.set(at(1));
    const outcome = await resolveCase(opened.caseId, { who: 'ann', via: 'api' }, { ...h.deps, publisher: downBus });

    // Act
    const relayed = await relayAt(h, 3);

    // Assess
    expect(outcome.outcome).toBe('done');
    expect(relayed).toEqual({ relayed: 1 });
    expect(ofType(h.bus.events, 'CaseResolved')).toEqual([
      expect.objectContaining({ caseId: opened.caseId, at: at(1), detail: { brand: 'acme', by: 'ann' } }),
    ]);
  });
});
