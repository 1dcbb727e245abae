/** Hand-offs through the use case and the timer worker on the in-memory adapters, with a fixed clock. */
import { describe, expect, it } from 'vitest';
import { verifyLink } from '../../functions/alerts/links.ts';
import type { HandoffPackage } from '../../functions/domain/followups/handoff-package.ts';
import type { InboundEventInput } from '../../functions/domain/inbound-event.ts';
import { closeFollowUp, FollowUpRequestError } from '../../functions/use-cases/followups.ts';
import { handOffCase } from '../../functions/use-cases/handoff.ts';
import { followUpConfig } from '../domain/followups/fixtures.ts';
import { followUpHarness, LINK_SECRET, messageEvent } from './followups-support.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
/** The customer's web chat, which knows their WhatsApp number: the same person, so the same conversation. */
const chat = {
  channel: 'chat',
  platform: 'inbound',
  brandAccount: 'chat',
  threadKey: 'conversation-1',
  identities: [{ kind: 'whatsapp' as const, value: '16505551234' }],
} satisfies Partial<InboundEventInput>;

const caseOnTwoChannels = async () => {
  const h = await followUpHarness(followUpConfig(), T0);
  const opened = await h.ingest(messageEvent('wa-1', T0));
  await h.ingest(messageEvent('chat-1', at(2), { ...chat, text: 'also asked on your web chat' }));
  await h.ingest(messageEvent('wa-2', at(3), { direction: 'outbound', text: 'Passing you to billing' }));
  return { h, caseId: opened.id };
};

describe('handing a case off', () => {
  it('sends each department target the package with every message of the case across its channels', async () => {
    // Prepare
    const { h, caseId } = await caseOnTwoChannels();
    h.clock.set(at(5));

    // Act
    const outcome = await handOffCase(
      caseId,
      { department: 'billing', note: 'double charged', who: 'ann', via: 'api' },
      h.deps,
    );

    // Assess
    expect(outcome.outcome).toBe('done');
    expect(h.recorded.notices.map((n) => [n.target, n.kind])).toEqual([['billing-team', 'handoff']]);
    const pkg = h.recorded.notices[0]?.payload as unknown as HandoffPackage;
    const detail = await h.store.getCaseDetail(caseId);
    expect(pkg.messages.map((m) => [m.channel, m.text])).toEqual(detail?.messages.map((m) => [m.channel, m.text]));
    expect(new Set(pkg.messages.map((m) => m.channel))).toEqual(new Set(['whatsapp', 'chat']));
    expect(pkg).toMatchObject({
      department: 'billing',
      note: 'double charged',
      handedOffBy: 'ann',
      acknowledgeBy: at(65),
    });
    expect(pkg.audit.map((a) => a.type)).toContain('case.handed_off');
    expect(pkg.sla?.policy).toBe('standard');
    const token = new URL(pkg.caseUrl).searchParams.get('token') ?? '';
    expect(verifyLink({ caseId, action: 'view', token, secret: LINK_SECRET, now: new Date(at(5)) }).ok).toBe(true);
  });

  it('refuses an unknown department, naming the field and the known ones', async () => {
    const { h, caseId } = await caseOnTwoChannels();

    const handingOff = handOffCase(caseId, { department: 'legal', who: 'ann', via: 'api' }, h.deps);

    await expect(handingOff).rejects.toThrow(FollowUpRequestError);
    await expect(handingOff).rejects.toThrow('department: unknown department "legal" (known: billing, web)');
  });

  it('escalates a hand-off nobody acknowledges within acknowledgeWithin through the department’s chain', async () => {
    const { h, caseId } = await caseOnTwoChannels();
    h.clock.set(at(5));
    await handOffCase(caseId, { department: 'billing', who: 'ann', via: 'api' }, h.deps);

    const outcome = await h.fire(await h.timer(caseId, 'breach', at(65)));

    expect(outcome).toEqual({ outcome: 'fired', alerts: 1 });
    expect(h.recorded.jobs.map((j) => [j.target, j.kind, j.escalationId])).toEqual([
      ['billing-lead', 'breach', 'followUp:2'],
    ]);
    expect((await h.current(caseId)).followUps?.find((f) => f.kind === 'handoff')?.status).toBe('missed');
  });

  it('does not escalate a hand-off the department acknowledged in time', async () => {
    const { h, caseId } = await caseOnTwoChannels();
    h.clock.set(at(5));
    const handed = await handOffCase(caseId, { department: 'billing', who: 'ann', via: 'api' }, h.deps);
    if (handed.outcome !== 'done') throw new Error('not handed off');
    const handoff = handed.case.followUps?.find((f) => f.kind === 'handoff');
    const due = await h.timer(caseId, 'breach', at(65));

    h.clock.set(at(20));
    await closeFollowUp(caseId, handoff?.id ?? '', 'kept', { who: 'billing-bob', via: 'api' }, h.deps);
    const outcome = await h.fire(due);

    expect(outcome.outcome).toBe('stale');
    expect(h.recorded.jobs).toEqual([]);
  });
});
