import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../functions/alerts/alert.ts';
import { AlertDeliveryError } from '../../functions/alerts/errors.ts';
import { DELIVERY_TIMEOUT_MS } from '../../functions/alerts/http.ts';
import { type SendDeps as AlertDeps, targetNotifier } from '../../functions/alerts/notifier.ts';
import { consoleText } from '../../functions/alerts/targets/console/format.ts';
import { emailMessage } from '../../functions/alerts/targets/email/format.ts';
import { pagerDutyTrigger } from '../../functions/alerts/targets/pagerduty/format.ts';
import type { AlertTarget } from '../../functions/alerts/targets/registry.ts';
import { slackMessage } from '../../functions/alerts/targets/slack/format.ts';
import { sampleText } from '../fixtures/samples.ts';
import { anAlert } from './fixtures.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer({ status: 200, body: 'ok' });
});

const SLACK: AlertTarget = { type: 'slack', webhookUrlSecret: 'SLACK_ONCALL_WEBHOOK' };
const PAGERDUTY: AlertTarget = { type: 'pagerduty', routingKeySecret: 'PD_ROUTING_KEY', severity: 'critical' };

const depsFor = (overrides: Partial<AlertDeps> = {}): AlertDeps => {
  const secrets: Record<string, string> = {
    SLACK_ONCALL_WEBHOOK: receiver.url('/services/T000/B000/XXXX'),
    PD_ROUTING_KEY: ROUTING_KEY,
    WEBHOOK_SECRET: WHSEC,
  };
  return {
    secrets: async (name) => secrets[name],
    endpoints: { pagerduty: receiver.url('/v2/enqueue') },
    ...overrides,
  };
};

/** One target named `t`, reached through the notifier as the alert worker reaches it. */
const deliverAlert = (alert: Alert, target: AlertTarget, deps: AlertDeps) =>
  targetNotifier({ t: target }, deps).alert('t', alert);
const followUp =
  (action: 'acknowledge' | 'resolve') =>
  ({ dedupKey }: Pick<Alert, 'dedupKey'>, target: AlertTarget, deps: AlertDeps) =>
    targetNotifier({ t: target }, deps).follow('t', action, dedupKey);
const resolveAlert = followUp('resolve');
const acknowledgeAlert = followUp('acknowledge');

const failureOf = async (delivery: Promise<void>): Promise<AlertDeliveryError> => {
  const error = await delivery.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AlertDeliveryError)) throw new Error(`expected AlertDeliveryError, got ${String(error)}`);
  return error;
};

const only = () => {
  expect(receiver.received).toHaveLength(1);
  const [request] = receiver.received;
  if (!request) throw new Error('nothing received');
  return request;
};

describe('deliverAlert to Slack', () => {
  it('posts the Block Kit message as JSON to the webhook URL held in the secret', async () => {
    const alert = anAlert();

    await deliverAlert(alert, SLACK, depsFor());

    const request = only();
    expect(request).toMatchObject({ method: 'POST', path: '/services/T000/B000/XXXX' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(slackMessage(alert));
  });

  it('uses the injected fetch', async () => {
    const calls: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      calls.push(String(input));
      return globalThis.fetch(input, init);
    };

    await deliverAlert(anAlert(), SLACK, depsFor({ fetch }));

    expect(calls).toEqual([receiver.url('/services/T000/B000/XXXX')]);
  });

  it('never puts the webhook URL, a secret, in the error', async () => {
    receiver.answer({ status: 404, body: 'no_service' });

    const error = await failureOf(deliverAlert(anAlert(), SLACK, depsFor()));

    expect(error.message).toBe('slack alert not delivered: HTTP 404, no_service');
    expect(error.message).not.toContain('/services/');
  });
});

describe('deliverAlert to PagerDuty', () => {
  it('enqueues a trigger event and accepts the documented 202', async () => {
    receiver.answer({ status: 202, body: sampleText('pagerduty-events-v2-response-202.json') });
    const alert = anAlert();

    await deliverAlert(alert, PAGERDUTY, depsFor());

    const request = only();
    expect(request.path).toBe('/v2/enqueue');
    expect(JSON.parse(request.body)).toEqual(pagerDutyTrigger(alert, ROUTING_KEY, 'critical'));
  });

  it('closes the PagerDuty alert when the alert says the case is resolved', async () => {
    const alert = anAlert({ kind: 'resolved' });

    await deliverAlert(alert, PAGERDUTY, depsFor());

    expect(JSON.parse(only().body)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: alert.dedupKey,
    });
  });
});

describe('resolveAlert and acknowledgeAlert', () => {
  it.each([
    ['resolve', resolveAlert],
    ['acknowledge', acknowledgeAlert],
  ] as const)('sends %s for the same dedup key to PagerDuty', async (action, followUp) => {
    const alert = anAlert();

    await followUp({ dedupKey: alert.dedupKey }, PAGERDUTY, depsFor());

    expect(JSON.parse(only().body)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: action,
      dedup_key: alert.dedupKey,
    });
  });

  it.each<AlertTarget>([
    SLACK,
    { type: 'webhook', url: 'http://127.0.0.1:9/', secret: 'WEBHOOK_SECRET' },
    { type: 'email', addresses: ['oncall@example.com'] },
    { type: 'console' },
  ])('does nothing for a $type target', async (target) => {
    await resolveAlert(anAlert(), target, depsFor());

    expect(receiver.received).toHaveLength(0);
  });
});

describe('deliverAlert to a webhook', () => {
  it('posts a request the Standard Webhooks library verifies', async () => {
    const alert = anAlert();

    await deliverAlert(
      alert,
      { type: 'webhook', url: receiver.url('/hooks/sundown'), secret: 'WEBHOOK_SECRET' },
      depsFor(),
    );

    const request = only();
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    expect(request.path).toBe('/hooks/sundown');
    expect(headers['webhook-id']).toBe(alert.alertId);
    expect(new Webhook(WHSEC).verify(request.body, headers)).toMatchObject({
      type: 'sundown.case.breached',
      data: { caseId: alert.caseId, dedupKey: alert.dedupKey },
    });
  });
});

describe('deliverAlert by e-mail and to the console', () => {
  it('publishes the subject and body through the injected publisher', async () => {
    const published: [string, string][] = [];
    const alert = anAlert();

    await deliverAlert(
      alert,
      { type: 'email', addresses: ['oncall@example.com'] },
      depsFor({
        publishEmail: async (_target, subject, body) => {
          published.push([subject, body]);
        },
      }),
    );

    const { subject, body } = emailMessage(alert);
    expect(published).toEqual([[subject, body]]);
  });

  it('reports a failed publish as retryable and a missing publisher as permanent', async () => {
    const target: AlertTarget = { type: 'email', addresses: ['oncall@example.com'] };
    const failing = depsFor({
      publishEmail: async () => {
        throw new Error('Rate exceeded');
      },
    });

    expect(await failureOf(deliverAlert(anAlert(), target, failing))).toMatchObject({ retryable: true });
    expect(await failureOf(deliverAlert(anAlert(), target, depsFor()))).toMatchObject({ permanent: true });
  });

  it('prints the alert on the console target', async () => {
    const lines: string[] = [];
    const alert = anAlert();

    await deliverAlert(alert, { type: 'console' }, depsFor({ log: (line) => lines.push(line) }));

    expect(lines).toEqual([consoleText(alert)]);
  });
});

describe('delivery failures', () => {
  const deliver = (deps: Partial<AlertDeps> = {}, alert: Alert = anAlert()) =>
    deliverAlert(alert, PAGERDUTY, depsFor(deps));

  it('marks a 500 as retryable', async () => {
    receiver.answer({ status: 500, body: '{"status":"error"}' });

    const error = await failureOf(deliver());

    expect(error).toMatchObject({ target: 'pagerduty', status: 500, permanent: false, retryable: true });
  });

  it('marks a 400 as permanent, with the reason the target gave', async () => {
    receiver.answer({
      status: 400,
      body: '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}',
    });

    const error = await failureOf(deliver());

    expect(error).toMatchObject({ status: 400, permanent: true, retryable: false });
    expect(error.reason).toContain('Event object is invalid');
  });

  it('marks a 429 as retryable and keeps its Retry-After', async () => {
    receiver.answer({ status: 429, headers: { 'retry-after': '120' } });

    const error = await failureOf(deliver());

    expect(error).toMatchObject({ status: 429, permanent: false, retryAfterMs: 120_000 });
  });

  it('does not follow a redirect, and calls it permanent', async () => {
    receiver.answer({ status: 302, headers: { location: receiver.url('/elsewhere') } });

    const error = await failureOf(deliver());

    expect(error).toMatchObject({ status: 302, permanent: true });
    expect(receiver.received.map((r) => r.path)).toEqual(['/v2/enqueue']);
  });

  it('gives up after the timeout and calls it retryable', async () => {
    receiver.answer({ status: 202, delayMs: 2_000 });

    const started = Date.now();
    const error = await failureOf(deliver({ timeoutMs: 200 }));

    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toMatchObject({ permanent: false, reason: 'timed out after 200 ms' });
    expect(error.status).toBeUndefined();
  });

  it('times out after 5 seconds by default', () => {
    expect(DELIVERY_TIMEOUT_MS).toBe(5_000);
  });

  it('calls a refused connection retryable', async () => {
    const closed = await startReceiver();
    const endpoint = closed.url('/v2/enqueue');
    await closed.close();

    const error = await failureOf(deliver({ endpoints: { pagerduty: endpoint } }));

    expect(error).toMatchObject({ permanent: false, reason: 'network error: ECONNREFUSED' });
  });

  it('calls a missing secret permanent, naming it', async () => {
    const error = await failureOf(deliver({ secrets: async () => undefined }));

    expect(error).toMatchObject({ permanent: true, reason: 'secret PD_ROUTING_KEY is not set' });
    expect(receiver.received).toHaveLength(0);
  });
});
