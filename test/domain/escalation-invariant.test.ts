/**
 * The escalation invariant, as a property over generated chains, failing targets,
 * acknowledgements and answers, driving the domain rules the timer and alert workers apply:
 * every unanswered breached case has an alert delivered within the chain's first wait after its
 * deadline (or after the end of an acknowledgement's hold), or is acknowledged and inside the hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case, Escalation } from '../../functions/domain/case.ts';
import { recordDelivery } from '../../functions/domain/delivery.ts';
import {
  type AlertJob,
  acknowledgeEscalations,
  advanceEscalation,
  endEscalations,
  openEscalation,
} from '../../functions/domain/escalation.ts';
import type { EscalationChain } from '../../functions/domain/policies.ts';
import type { Timer } from '../../functions/domain/sla/types.ts';
import { openCase } from './sla/fixtures.ts';

const TARGETS = ['a', 'b', 'c', 'd'] as const;
const FALLBACK = 'fallback';
const BREACH = Date.parse('2026-01-05T11:00:00.000Z');
const at = (minutes: number) => new Date(BREACH + minutes * 60_000).toISOString();
const minutesOf = (iso: string) => (Date.parse(iso) - BREACH) / 60_000;

const chainArb = fc.record({
  levels: fc.array(
    fc.record({
      notify: fc.uniqueArray(fc.constantFrom(...TARGETS), { minLength: 1, maxLength: 2 }),
      wait: fc.integer({ min: 1, max: 30 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  repeat: fc.oneof(fc.constant('untilAnswered' as const), fc.integer({ min: 0, max: 2 })),
  repeatAfter: fc.integer({ min: 1, max: 30 }),
  hold: fc.integer({ min: 1, max: 60 }),
});

const scenarioArb = fc.record({
  chain: chainArb,
  failing: fc.subarray([...TARGETS]),
  ackAt: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  answerAt: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  checkAt: fc.integer({ min: 0, max: 180 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const toChain = (c: Scenario['chain']): EscalationChain => ({
  levels: c.levels.map((l, i) => ({ notify: l.notify, after: i === 0 ? 'PT0S' : `PT${l.wait}M` })),
  repeat: c.repeat,
  repeatAfter: `PT${c.repeatAfter}M`,
  holdAfterAcknowledge: `PT${c.hold}M`,
});

/** Runs the chain from the breach to `checkAt` minutes after it; every alert is attempted at once. */
const simulate = (s: Scenario) => {
  const chain = toChain(s.chain);
  let theCase: Case = openCase({ id: '01JD3K6N4ZQ8W5T2X7V9B1C0FE' });
  let escalation: Escalation | undefined;
  const current = (): Escalation => {
    if (!escalation) throw new Error('no escalation opened');
    return escalation;
  };
  const timers: Timer[] = [];
  const put = (e: Escalation) => {
    escalation = e;
    theCase = { ...theCase, escalations: [e] };
  };
  const attempt = (jobs: readonly AlertJob[], now: string) => {
    const queue = [...jobs];
    while (queue.length > 0) {
      const job = queue.shift() as AlertJob;
      const fails = (s.failing as string[]).includes(job.target);
      const outcome = fails
        ? { state: 'failed' as const, reason: 'down', attempt: 1 }
        : { state: 'delivered' as const };
      const effect = recordDelivery(theCase, job, outcome, chain, FALLBACK, now);
      if (!effect) continue;
      put(effect.escalation);
      if (effect.failover) timers.push(effect.failover);
      if (effect.fallback) queue.push(effect.fallback);
    }
  };
  const opened = openEscalation(theCase, 'firstResponse', 1, 'chain', chain, at(0), at(0));
  put(opened.escalation);
  if (opened.next) timers.push(opened.next);
  attempt(opened.alerts, at(0));
  const events = [
    ...(s.ackAt !== undefined ? [{ at: s.ackAt, kind: 'ack' as const }] : []),
    ...(s.answerAt !== undefined ? [{ at: s.answerAt, kind: 'answer' as const }] : []),
  ];
  for (;;) {
    timers.sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt));
    const nextTimer = timers[0] ? minutesOf(timers[0].dueAt) : Number.POSITIVE_INFINITY;
    events.sort((x, y) => x.at - y.at);
    const nextEvent = events[0]?.at ?? Number.POSITIVE_INFINITY;
    const now = Math.min(nextTimer, nextEvent);
    if (now > s.checkAt) break;
    if (nextEvent <= nextTimer) {
      const event = events.shift();
      if (event?.kind === 'answer')
        put(endEscalations(theCase, { chain }, 'answered', at(now)).escalations[0] as Escalation);
      else {
        const held = acknowledgeEscalations(theCase, 'ann', at(now), undefined, { chain });
        put(held.escalations[0] as Escalation);
        timers.push(...held.timers);
      }
      continue;
    }
    const timer = timers.shift() as Timer;
    const advanced = advanceEscalation(theCase, current(), chain, timer, at(now));
    if (!advanced) continue;
    put(advanced.escalation);
    if (advanced.next) timers.push(advanced.next);
    attempt(advanced.alerts, at(now));
  }
  return { escalation: current(), chain, checkAt: at(s.checkAt) };
};

describe('the escalation invariant', () => {
  it('leaves no unanswered breached case without a delivered alert within the first wait, unless held', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { escalation, chain, checkAt } = simulate(s);
        const answered = escalation.endReason === 'answered';
        const firstWait = (chain.levels.length > 1 && s.chain.levels[1]?.wait) || s.chain.repeatAfter;
        // After an acknowledgement's hold ends the chain starts again: the wait counts from then.
        const from = escalation.resumedAt ? minutesOf(escalation.resumedAt) : 0;
        const deliveredInTime = (escalation.deliveries ?? []).some(
          (d) => d.state === 'delivered' && minutesOf(d.at) >= from && minutesOf(d.at) <= from + firstWait,
        );
        const held = escalation.heldUntil !== undefined && checkAt < escalation.heldUntil;
        expect(answered || deliveredInTime || held).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
