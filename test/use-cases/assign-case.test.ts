/** Assigning cases through the use case on the in-memory adapters, with a fixed clock. */
import { describe, expect, it } from 'vitest';
import { AssigneeError, assignCase } from '../../functions/use-cases/assign-case.ts';
import { followUpConfig } from '../domain/followups/fixtures.ts';
import { followUpHarness, messageEvent } from './followups-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const openCase = async () => {
  const h = await followUpHarness(followUpConfig(), T0);
  const opened = await h.ingest(messageEvent('wa-1', T0));
  return { h, caseId: opened.id };
};

describe('assigning a case', () => {
  it('records the assignee on the case and an audit entry saying who moved it, when, from whom and to whom', async () => {
    // Prepare
    const { h, caseId } = await openCase();
    h.clock.set(at(2));
    await assignCase(caseId, 'ann@example.com', { who: 'ann@example.com', via: 'console' }, h.deps);
    h.clock.set(at(7));

    // Act
    const outcome = await assignCase(caseId, 'bob@example.com', { who: 'ann@example.com', via: 'console' }, h.deps);

    // Assess
    expect(outcome.outcome).toBe('done');
    expect((await h.current(caseId)).assignee).toBe('bob@example.com');
    const audit = (await h.store.getCaseDetail(caseId))?.audit.filter((a) => a.type === 'case.assigned');
    expect(audit?.map((a) => [a.at, a.actor, a.detail?.from, a.detail?.to])).toEqual([
      [at(2), 'console:ann@example.com', null, 'ann@example.com'],
      [at(7), 'console:ann@example.com', 'ann@example.com', 'bob@example.com'],
    ]);
  });

  it('changes nothing when the case already has that assignee', async () => {
    const { h, caseId } = await openCase();
    await assignCase(caseId, 'ann', { who: 'ann', via: 'console' }, h.deps);
    const before = await h.current(caseId);

    const outcome = await assignCase(caseId, 'ann', { who: 'ann', via: 'console' }, h.deps);

    expect(outcome).toMatchObject({ outcome: 'unchanged', reason: 'case is already assigned to ann' });
    expect((await h.current(caseId)).version).toBe(before.version);
  });

  it('unassigns with an empty assignee, auditing who it was taken from', async () => {
    const { h, caseId } = await openCase();
    await assignCase(caseId, 'ann', { who: 'ann', via: 'console' }, h.deps);

    await assignCase(caseId, '', { who: 'lead', via: 'console' }, h.deps);

    expect((await h.current(caseId)).assignee).toBeUndefined();
    const last = (await h.store.getCaseDetail(caseId))?.audit.at(-1);
    expect(last).toMatchObject({ type: 'case.unassigned', actor: 'console:lead', detail: { from: 'ann', to: null } });
  });

  it('refuses an assignee with spaces or markup, naming the field', async () => {
    const { h, caseId } = await openCase();

    const assigning = assignCase(caseId, '<b>ann</b>', { who: 'ann', via: 'console' }, h.deps);

    await expect(assigning).rejects.toThrow(AssigneeError);
    await expect(assigning).rejects.toThrow(/^assignee: /);
  });

  it('answers not_found for a case that does not exist', async () => {
    const { h } = await openCase();

    expect(await assignCase('01NOPE', 'ann', { who: 'ann', via: 'console' }, h.deps)).toEqual({
      outcome: 'not_found',
    });
  });
});
