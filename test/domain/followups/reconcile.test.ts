import { describe, expect, it } from 'vitest';
import { followUpTimers, isHandedOff } from '../../../functions/domain/followups/follow-ups.ts';
import { reconcileFollowUps } from '../../../functions/domain/followups/reconcile.ts';
import { aCase, aFollowUp, aMessage, followUpConfig, ids } from './fixtures.ts';

const NOW = '2026-03-02T10:00:05.000Z';

describe('reply windows', () => {
  it('opens a window on a WhatsApp message that closes 24 hours later and warns 2 hours before', () => {
    // Prepare
    const message = aMessage('inbound', '2026-03-02T10:00:00.000Z');

    // Act
    const { followUps, changes } = reconcileFollowUps({
      after: aCase(),
      message,
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    // Assess
    expect(followUps).toEqual([
      expect.objectContaining({
        kind: 'reply_window',
        channel: 'whatsapp',
        status: 'open',
        seq: 1,
        dueAt: '2026-03-03T10:00:00.000Z',
        warnAt: '2026-03-03T08:00:00.000Z',
      }),
    ]);
    expect(changes.map((c) => c.type)).toEqual(['followup.recorded']);
  });

  it('moves the open window to the customer’s latest message instead of opening another', () => {
    const first = aFollowUp({
      kind: 'reply_window',
      channel: 'whatsapp',
      dueAt: '2026-03-03T10:00:00.000Z',
      warnAt: '2026-03-03T08:00:00.000Z',
      warnedAt: '2026-03-03T08:00:01.000Z',
    });

    const { followUps } = reconcileFollowUps({
      after: aCase({ followUps: [first] }),
      message: aMessage('inbound', '2026-03-03T09:00:00.000Z'),
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    expect(followUps).toHaveLength(1);
    expect(followUps?.[0]).toMatchObject({ dueAt: '2026-03-04T09:00:00.000Z', warnAt: '2026-03-04T07:00:00.000Z' });
    expect(followUps?.[0]?.warnedAt).toBeUndefined();
  });

  it('opens no window on channels whose platform does not close one', () => {
    const { followUps, changes } = reconcileFollowUps({
      after: aCase(),
      message: aMessage('inbound', '2026-03-02T10:00:00.000Z', { channel: 'x' }),
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    expect(followUps ?? []).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('is kept by the brand’s reply on the same channel, and not by a reply on another', () => {
    const window = aFollowUp({ kind: 'reply_window', channel: 'whatsapp', dueAt: '2026-03-03T10:00:00.000Z' });
    const input = { after: aCase({ followUps: [window] }), now: NOW, config: followUpConfig(), newId: ids() };

    const onX = reconcileFollowUps({
      ...input,
      message: aMessage('outbound', '2026-03-02T11:00:00.000Z', { channel: 'x' }),
    });
    const onWhatsApp = reconcileFollowUps({ ...input, message: aMessage('outbound', '2026-03-02T11:00:00.000Z') });

    expect(onX.followUps?.[0]?.status).toBe('open');
    expect(onWhatsApp.followUps?.[0]).toMatchObject({ status: 'kept', closedAt: '2026-03-02T11:00:00.000Z' });
  });
});

describe('promises kept by reply', () => {
  it('keeps a keptByReply promise at the brand’s next outbound message, on any channel', () => {
    const promise = aFollowUp({ keptByReply: true });
    const plain = aFollowUp({ id: 'F2', seq: 2 });

    const { followUps, changes } = reconcileFollowUps({
      after: aCase({ followUps: [promise, plain] }),
      message: aMessage('outbound', '2026-03-02T12:00:00.000Z', { channel: 'x' }),
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    expect(followUps?.map((f) => f.status)).toEqual(['kept', 'open']);
    expect(changes).toEqual([expect.objectContaining({ type: 'followup.kept' })]);
  });

  it('is not kept by a brand message written before the promise was made', () => {
    const promise = aFollowUp({ keptByReply: true, createdAt: '2026-03-02T12:00:00.000Z' });

    const { followUps } = reconcileFollowUps({
      after: aCase({ followUps: [promise] }),
      message: aMessage('outbound', '2026-03-02T11:00:00.000Z'),
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    expect(followUps?.[0]?.status).toBe('open');
  });
});

describe('resolution', () => {
  it('cancels open hand-offs and reply windows, keeps promises, and schedules a check-back when configured', () => {
    const before = aCase({
      followUps: [
        aFollowUp({ id: 'H', seq: 1, kind: 'handoff', department: 'billing' }),
        aFollowUp({ id: 'W', seq: 2, kind: 'reply_window', channel: 'whatsapp' }),
        aFollowUp({ id: 'P', seq: 3 }),
      ],
    });
    const after = { ...before, status: 'resolved' as const, resolvedAt: '2026-03-02T15:00:00.000Z' };

    const { followUps } = reconcileFollowUps({
      before,
      after,
      now: '2026-03-02T15:00:00.000Z',
      config: followUpConfig({ cases: { checkBackAfter: 'P2D' } }),
      newId: ids(),
    });

    expect(followUps?.map((f) => [f.kind, f.status])).toEqual([
      ['handoff', 'cancelled'],
      ['reply_window', 'cancelled'],
      ['promise', 'open'],
      ['checkback', 'open'],
    ]);
    expect(followUps?.[3]).toMatchObject({ seq: 4, dueAt: '2026-03-04T15:00:00.000Z' });
  });

  it('schedules no check-back without cases.checkBackAfter', () => {
    const before = aCase();

    const { followUps } = reconcileFollowUps({
      before,
      after: { ...before, status: 'resolved', resolvedAt: NOW },
      now: NOW,
      config: followUpConfig(),
      newId: ids(),
    });

    expect(followUps ?? []).toEqual([]);
  });
});

describe('follow-up timers', () => {
  it('asks for a deadline per open follow-up and a warning for an unwarned reply window', () => {
    const theCase = aCase({
      followUps: [
        aFollowUp({
          id: 'W',
          seq: 1,
          kind: 'reply_window',
          dueAt: '2026-03-03T10:00:00.000Z',
          warnAt: '2026-03-03T08:00:00.000Z',
        }),
        aFollowUp({ id: 'K', seq: 2, status: 'kept' }),
        aFollowUp({ id: 'P', seq: 3 }),
      ],
    });

    const timers = followUpTimers(theCase);

    expect(timers.map((t) => [t.kind, t.clock, t.generation, t.dueAt])).toEqual([
      ['warning', 'followUp', 1, '2026-03-03T08:00:00.000Z'],
      ['breach', 'followUp', 1, '2026-03-03T10:00:00.000Z'],
      ['breach', 'followUp', 3, '2026-03-02T18:00:00.000Z'],
    ]);
  });

  it('counts a case as handed off while a hand-off waits for acknowledgement', () => {
    expect(isHandedOff(aCase({ followUps: [aFollowUp({ kind: 'handoff' })] }))).toBe(true);
    expect(isHandedOff(aCase({ followUps: [aFollowUp({ kind: 'handoff', status: 'kept' })] }))).toBe(false);
  });
});
