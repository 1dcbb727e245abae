/**
 * A new alert target is one module and one registration: a test-only "carrier pigeon" target is
 * registered, named in the config, and an escalation alert reaches it through the alert worker's
 * use case, with the in-memory adapters behind it. Its capabilities decide what its alerts carry and
 * which follow-ups it hears of; no code outside the module names it.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Alert } from '../../functions/alerts/alert.ts';
import { registerTarget } from '../../functions/alerts/targets/registry.ts';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import type { Case } from '../../functions/domain/case.ts';
import type { AlertJob } from '../../functions/domain/escalation.ts';
import { deliverAlertJob } from '../../functions/use-cases/deliver-alert.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { deliveryPorts } from '../support/delivery-ports.ts';
import { MemoryClaims } from '../support/fakes/memory-claims.ts';
import { breachedCase, type TriageHarness, triageHarness } from './triage-support.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const flown: { loft: string; alert: Alert }[] = [];
const followed: string[] = [];

const pigeonSchema = z.strictObject({ type: z.literal('carrier-pigeon'), loft: z.string().min(1) });
const pigeon = defineTarget({
  type: 'carrier-pigeon',
  schema: pigeonSchema,
  // A pigeon carries a note: people can resolve from it, not acknowledge, and it pages nobody.
  capabilities: { pages: false, acknowledges: false, resolves: true, interactive: false },
  secretNames: () => [],
  sendAlert: async (alert, target) => {
    flown.push({ loft: target.config.loft, alert });
  },
  sendNotice: async () => undefined,
  follow: async (action) => {
    followed.push(action);
  },
});

beforeAll(() => {
  registerTarget(pigeon);
});
afterEach(() => {
  flown.length = 0;
  followed.length = 0;
});

const configWithPigeon = () =>
  triageConfig({
    escalationChains: { social: { levels: [{ notify: ['pigeon'] }] } },
    targets: {
      pigeon: { type: 'carrier-pigeon', loft: 'north-tower' },
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
  });

/** A case whose first response breached, its chain at level 2. */
const escalatedCase = (harness: TriageHarness): Promise<Case> =>
  breachedCase(harness, 'pigeon', NOW, 'Where is my parcel?', 2);

const job = (theCase: Case, kind: 'escalation' | 'acknowledged'): AlertJob =>
  ({
    alertId: `${theCase.id}:firstResponse:1:${kind}:L2:R0:pigeon`,
    caseId: theCase.id,
    target: 'pigeon',
    kind,
    escalationId: 'firstResponse:1',
    clock: 'firstResponse',
    level: 2,
    round: 0,
  }) as AlertJob;

const worker = async (harness: TriageHarness) => {
  const { config } = harness.deps;
  return {
    store: harness.deps.store,
    claims: new MemoryClaims(harness.clock),
    clock: harness.clock,
    config,
    newId: harness.deps.newId,
    ...deliveryPorts(config, harness.clock, { secrets: async () => undefined }),
  };
};

describe('a target added through the registry', () => {
  it('is accepted by the config and receives an escalation alert through the alert worker', async () => {
    // Prepare
    const harness = await triageHarness(configWithPigeon(), NOW);
    const theCase = await escalatedCase(harness);
    // Act
    const outcome = await deliverAlertJob(job(theCase, 'escalation'), await worker(harness));
    // Assess
    expect(outcome).toEqual({ outcome: 'delivered', target: 'pigeon' });
    expect(flown).toHaveLength(1);
    expect(flown[0]?.loft).toBe('north-tower');
    expect(flown[0]?.alert).toMatchObject({ kind: 'escalation', caseId: theCase.id, level: 2 });
  });

  it('gets no acknowledge link when it cannot acknowledge, and the resolve and case links it can use', async () => {
    // Prepare
    const harness = await triageHarness(configWithPigeon(), NOW);
    const theCase = await escalatedCase(harness);
    // Act
    await deliverAlertJob(job(theCase, 'escalation'), await worker(harness));
    // Assess
    const alert = flown[0]?.alert;
    expect(alert?.ackUrl).toBeUndefined();
    expect(alert?.resolveUrl).toMatch(new RegExp(`/cases/${theCase.id}/resolve\\?token=`));
    expect(alert?.caseUrl).toMatch(new RegExp(`/cases/${theCase.id}/view\\?token=`));
  });

  it('hears nothing of an acknowledgement made elsewhere, because it does not page', async () => {
    // Prepare
    const harness = await triageHarness(configWithPigeon(), NOW);
    const theCase = await escalatedCase(harness);
    // Act
    const outcome = await deliverAlertJob(job(theCase, 'acknowledged'), await worker(harness));
    // Assess
    expect(outcome).toEqual({ outcome: 'skipped', reason: 'only paging tools are told of an acknowledgement' });
    expect(followed).toEqual([]);
  });

  it('refuses a second module of the same type', () => {
    expect(() => registerTarget(pigeon)).toThrow(/carrier-pigeon is already registered/);
  });
});
