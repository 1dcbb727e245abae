/**
 * A target people act inside is one module with a `callback` and one registration: a test-only
 * "signal lamp" target, registered through the registry, gets its callback route in the actions
 * function, and a keeper's signed "seen" acknowledges the case's escalation. The actions function
 * runs over the in-memory adapters; nothing outside the module names the target.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { discardMetrics } from '../../functions/adapters/metrics/memory.ts';
import { registerTarget, targetCallbacks } from '../../functions/alerts/targets/registry.ts';
import { defineTarget } from '../../functions/alerts/targets/target-module.ts';
import { constantTimeEqual, hmacSha256 } from '../../functions/commons/hmac.ts';
import { headerValue, PayloadError } from '../../functions/commons/signed-request.ts';
import type { Case } from '../../functions/domain/case.ts';
import { actionsRoutes } from '../../functions/handlers/actions.http.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import type { ActionsRoot } from '../../functions/roots/actions.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';
import { MemorySecrets } from '../support/fakes/memory-secrets.ts';
import { breachedCase, type TriageHarness, triageHarness } from './triage-support.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const LAMP_SECRET = 'signal-lamp-test-secret-0123456789';
const LAMP_PATH = '/integrations/signal-lamp';

const sign = (body: string, secret = LAMP_SECRET) => hmacSha256(secret, body).toString('hex');

const seenSchema = z.strictObject({ caseId: z.string().min(1), keeper: z.string().min(1) });

const signalLamp = defineTarget({
  type: 'signal-lamp',
  schema: z.strictObject({ type: z.literal('signal-lamp'), tower: z.string().min(1) }),
  capabilities: { pages: false, acknowledges: true, resolves: false, interactive: true },
  secretNames: () => [],
  sendAlert: async () => undefined,
  sendNotice: async () => undefined,
  callback: {
    path: LAMP_PATH,
    secret: { name: 'SIGNAL_LAMP_SECRET', development: 'local-signal-lamp-secret' },
    status: 200,
    verify: (request, secret) => {
      const presented = Buffer.from(headerValue(request.headers, 'x-lamp-signature') ?? '', 'hex');
      return constantTimeEqual(presented, hmacSha256(secret, request.rawBody))
        ? { ok: true }
        : { ok: false, status: 401, reason: 'x-lamp-signature: signature mismatch' };
    },
    parse: async (request) => {
      const seen = seenSchema.safeParse(JSON.parse(request.rawBody));
      if (!seen.success) throw new PayloadError('body: expected caseId and keeper');
      return { action: 'ack', caseId: seen.data.caseId, who: seen.data.keeper };
    },
    answer: (acted, found) => ({ lamp: found ? `dimmed for ${acted.caseId}` : 'no such case' }),
  },
});

beforeAll(() => {
  registerTarget(signalLamp);
});

const configWithLamp = () =>
  triageConfig({
    escalationChains: { social: { levels: [{ notify: ['lamp'] }] } },
    targets: {
      lamp: { type: 'signal-lamp', tower: 'north' },
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
  });

/** A case whose first response breached, its chain at level 1 and nobody acknowledging. */
const lampCase = (harness: TriageHarness): Promise<Case> => breachedCase(harness, 'lamp', NOW, 'Is anyone there?');

/** The actions function's routes over the harness's in-memory adapters. */
const actionsOver = (harness: TriageHarness) => {
  const root: ActionsRoot = {
    followUps: { ...harness.deps, baseUrl: 'http://127.0.0.1:3000', linkSecret: async () => LAMP_SECRET },
    linkLedger: harness.memory.linkLedger,
    metrics: discardMetrics,
    secrets: new MemorySecrets({ SIGNAL_LAMP_SECRET: LAMP_SECRET, LINK_SIGNING_SECRET: LAMP_SECRET }),
    callbackEndpoints: {},
  };
  return actionsRoutes(() => root);
};

const callback = (body: string, signature: string) =>
  ({
    routeKey: `POST ${LAMP_PATH}`,
    rawPath: LAMP_PATH,
    body,
    isBase64Encoded: false,
    headers: { 'content-type': 'application/json', 'X-Lamp-Signature': signature },
    requestContext: { domainName: '127.0.0.1' },
  }) as unknown as APIGatewayProxyEventV2;

describe('a target with a callback, added through the registry', () => {
  it('gets its callback route in the route table, served by the actions function like the built-in targets', () => {
    // Act
    const registered = targetCallbacks().map(({ callback }) => `POST ${callback.path}`);
    const tabled = httpRoutes().filter((route) => route.traffic === 'integration');
    // Assess
    expect(registered).toContain(`POST ${LAMP_PATH}`);
    expect(tabled.map((route) => `${route.method} ${route.path}`)).toEqual(registered);
    expect(tabled.find((route) => route.path === LAMP_PATH)).toEqual({
      method: 'POST',
      path: LAMP_PATH,
      function: 'actions',
      auth: 'none',
      traffic: 'integration',
    });
  });

  it('acknowledges the escalation when a keeper signals seen with a valid signature, naming the keeper and the target', async () => {
    // Prepare
    const harness = await triageHarness(configWithLamp(), NOW);
    const theCase = await lampCase(harness);
    const body = JSON.stringify({ caseId: theCase.id, keeper: 'Keeper Ann' });
    harness.clock.set('2026-03-02T10:03:00.000Z');
    // Act
    const answer = await actionsOver(harness)(callback(body, sign(body)));
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({
      lamp: `dimmed for ${theCase.id}`,
      outcome: 'done',
      caseId: theCase.id,
    });
    const detail = await harness.deps.store.getCaseDetail(theCase.id);
    expect(detail?.case.escalations?.[0]).toMatchObject({ acknowledgedBy: 'Keeper Ann' });
    expect(detail?.audit.map((entry) => entry.actor)).toContain('signal-lamp:Keeper Ann');
  });

  it('refuses a signal whose signature does not verify with 401 and leaves the case unacknowledged', async () => {
    // Prepare
    const harness = await triageHarness(configWithLamp(), NOW);
    const theCase = await lampCase(harness);
    const body = JSON.stringify({ caseId: theCase.id, keeper: 'Keeper Ann' });
    // Act
    const refused = actionsOver(harness)(callback(body, sign(body, 'somebody-elses-secret-0123456789')));
    // Assess
    await expect(refused).rejects.toMatchObject({ statusCode: 401, code: 'invalid_signature' });
    const stored = await harness.deps.store.getCase(theCase.id);
    expect(stored?.escalations?.[0]?.acknowledgedBy).toBeUndefined();
  });

  it('answers a signed body of the wrong shape with 400 naming what is missing', async () => {
    // Prepare
    const harness = await triageHarness(configWithLamp(), NOW);
    const body = JSON.stringify({ keeper: 'Keeper Ann' });
    // Act
    const refused = actionsOver(harness)(callback(body, sign(body)));
    // Assess
    await expect(refused).rejects.toMatchObject({ statusCode: 400, message: 'body: expected caseId and keeper' });
  });
});
