import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryMetrics } from '../../../functions/adapters/metrics/memory.ts';
import { meteredCaseStore } from '../../../functions/adapters/metrics/metered-case-store.ts';
import { DuplicateEventError } from '../../../functions/commons/errors.ts';
import type { Case } from '../../../functions/domain/case.ts';
import type { ClockState } from '../../../functions/domain/sla/types.ts';
import type { CaseStore } from '../../../functions/ports.ts';
import { newStore } from '../../support/dynamo.ts';
import { aCase, anAuditEntry, at, nextVersion } from '../dynamodb/fixtures.ts';

let metrics: MemoryMetrics;
let store: CaseStore;
beforeEach(async () => {
  metrics = new MemoryMetrics();
  store = meteredCaseStore(await newStore(), metrics);
});

const opened = async (overrides: Partial<Case> = {}): Promise<Case> => {
  const theCase = aCase({ channels: ['instagram'], priority: 'high', ...overrides });
  await store.createCase({ case: theCase, audit: [anAuditEntry(theCase.id)] });
  return theCase;
};

const firstResponseClock = (overrides: Partial<ClockState>): ClockState => ({
  name: 'firstResponse',
  state: 'stopped',
  generation: 1,
  startedAt: at(0),
  target: 'PT30M',
  ...overrides,
});

describe('case metrics from what the store wrote', () => {
  it('counts an opened case by its channel and priority', async () => {
    // Act
    const theCase = await opened();
    metrics.flush();

    // Assess
    expect(metrics.published).toEqual([
      { name: 'CasesOpened', value: 1, dimensions: { channel: 'instagram', priority: 'high' } },
    ]);
    expect(await store.getCase(theCase.id)).toEqual(theCase);
  });

  it('records the first-response time in milliseconds from opening to the brand reply', async () => {
    // Prepare
    const theCase = await opened();
    const answered = nextVersion(theCase, { firstResponseAt: at(12), status: 'responded' });

    // Act
    await store.saveCase({
      case: answered,
      expectedVersion: theCase.version,
      audit: [anAuditEntry(theCase.id, { type: 'case.first_response', detail: { at: at(12), responseSeconds: 720 } })],
    });
    metrics.flush();

    // Assess
    expect(metrics.values('FirstResponseTime', { channel: 'instagram', priority: 'high' })).toEqual([12 * 60_000]);
  });

  it('records the resolution time when a case is resolved', async () => {
    // Prepare
    const theCase = await opened();

    // Act
    await store.saveCase({
      case: nextVersion(theCase, { status: 'resolved', resolvedAt: at(45) }),
      expectedVersion: theCase.version,
      audit: [anAuditEntry(theCase.id, { type: 'case.resolved' })],
    });
    metrics.flush();

    // Assess
    expect(metrics.values('ResolutionTime')).toEqual([45 * 60_000]);
  });

  it('counts a clock stopped in time as met, and one stopped late with no breach recorded as breached', async () => {
    // Prepare
    const inTime = await opened();
    const late = await opened({ priority: 'urgent' });
    const stopped = (c: Case, met: boolean) => ({
      case: nextVersion(c, { sla: { policy: 'all', clocks: { firstResponse: firstResponseClock({ met }) } } }),
      expectedVersion: c.version,
      audit: [
        anAuditEntry(c.id, { type: 'sla.clock_stopped', detail: { clock: 'firstResponse', generation: 1, met } }),
      ],
    });

    // Act
    await store.saveCase(stopped(inTime, true));
    await store.saveCase(stopped(late, false));
    metrics.flush();

    // Assess
    expect(metrics.values('SlaMet', { clock: 'firstResponse', priority: 'high' })).toEqual([1]);
    expect(metrics.values('SlaBreached', { clock: 'firstResponse', priority: 'urgent' })).toEqual([1]);
    expect(metrics.values('SlaBreached', { priority: 'high' })).toEqual([]);
  });

  it('counts a breach once: at the deadline, not again when the late clock stops', async () => {
    // Prepare
    const theCase = await opened();
    const breached = nextVersion(theCase, {
      sla: { policy: 'all', clocks: { firstResponse: firstResponseClock({ state: 'running', breachedAt: at(30) }) } },
    });

    // Act
    await store.saveCase({
      case: breached,
      expectedVersion: theCase.version,
      audit: [
        anAuditEntry(theCase.id, { type: 'sla.breached', detail: { clock: 'firstResponse', dueAt: at(30) } }),
        anAuditEntry(theCase.id, {
          type: 'escalation.alerted',
          detail: { clock: 'firstResponse', level: 1, round: 0 },
        }),
      ],
    });
    const clock = firstResponseClock({ breachedAt: at(30), met: false, stoppedAt: at(40) });
    await store.saveCase({
      case: nextVersion(breached, { sla: { policy: 'all', clocks: { firstResponse: clock } } }),
      expectedVersion: breached.version,
      audit: [
        anAuditEntry(theCase.id, {
          type: 'sla.clock_stopped',
          detail: { clock: 'firstResponse', generation: 1, met: false },
        }),
      ],
    });
    metrics.flush();

    // Assess
    expect(metrics.values('SlaBreached', { clock: 'firstResponse', channel: 'instagram' })).toEqual([1]);
    expect(metrics.values('Escalations', { level: '1' })).toEqual([1]);
  });

  it('counts an exhausted chain, and a case nobody could be reached for, by clock', async () => {
    // Prepare
    const theCase = await opened();
    const entry = (type: string, detail: Record<string, unknown>) =>
      anAuditEntry(theCase.id, { type, detail: { clock: 'firstResponse', ...detail } });

    // Act
    await store.saveCase({
      case: nextVersion(theCase),
      expectedVersion: theCase.version,
      audit: [
        entry('escalation.exhausted', { level: 2, round: 0 }),
        entry('escalation.level_failed', { level: 1, round: 0, next: 'level 2' }),
        entry('escalation.level_failed', { level: 2, round: 0, next: 'fallback duty-log' }),
        entry('alert.failed', { level: 2, round: 0, target: 'pager', reason: 'down' }),
        entry('alert.failed', { level: 2, round: 0, target: 'duty-log', fallback: true, reason: 'down' }),
        entry('escalation.level_failed', { level: 2, round: 1, next: 'none' }),
      ],
    });
    metrics.flush();

    // Assess: only the fallback's failure and a last level failing with no fallback reached nobody
    expect(metrics.values('EscalationsExhausted', { clock: 'firstResponse' })).toEqual([1]);
    expect(metrics.values('EscalationsUnreached', { clock: 'firstResponse' })).toEqual([1, 1]);
  });

  it('counts nothing for a write the store refused', async () => {
    // Prepare
    const theCase = await opened();
    const save = {
      case: nextVersion(theCase, { status: 'resolved', resolvedAt: at(5) }),
      expectedVersion: theCase.version,
      audit: [anAuditEntry(theCase.id, { type: 'case.resolved' })],
      idempotencyKey: `x:${theCase.id}`,
    };
    await store.saveCase(save);
    metrics.flush();
    const before = metrics.published.length;

    // Act
    const again = store.saveCase({ ...save, case: nextVersion(save.case), expectedVersion: save.case.version });

    // Assess
    await expect(again).rejects.toThrow(DuplicateEventError);
    metrics.flush();
    expect(metrics.published.length).toBe(before);
  });

  it('passes every other store method straight through to the real store', async () => {
    // Prepare
    const theCase = aCase({ customerId: 'P-passthrough' });
    await store.createCase({ case: theCase, conversation: {}, audit: [] });

    // Act
    const found = await store.findConversation('P-passthrough', theCase.brand);

    // Assess
    expect(found).toBe(theCase.id);
    expect(await store.hasProcessed('never-seen')).toBe(false);
  });
});
