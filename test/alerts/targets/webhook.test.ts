import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signedWebhookRequest, webhookEvent } from '../../../functions/alerts/targets/webhook/format.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { anAlert } from '../fixtures.ts';

interface Vectors {
  vectors: { secret: string; msgId: string; timestamp: number; payload: string; expectedSignature: string }[];
}

const [official] = sampleJson<Vectors>('standard-webhooks-vectors.json').vectors;
const SECRET = official?.secret ?? '';

describe('signedWebhookRequest', () => {
  it('sends {type, timestamp, data} with the alert as data', () => {
    const alert = anAlert({ kind: 'escalation', level: 2 });

    const { body } = signedWebhookRequest(alert, SECRET, new Date());

    expect(JSON.parse(body)).toEqual({ type: 'sundown.case.escalated', timestamp: alert.raisedAt, data: alert });
    expect(webhookEvent(anAlert({ kind: 'resolved' })).type).toBe('sundown.case.resolved');
  });

  it('signs with the alert id as webhook-id, so the receiver library verifies it', () => {
    const alert = anAlert();
    const now = new Date();

    const { body, headers } = signedWebhookRequest(alert, SECRET, now);

    expect(headers['webhook-id']).toBe(alert.alertId);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs exactly as the official Standard Webhooks vector', () => {
    if (!official) throw new Error('no vector');
    const at = new Date(official.timestamp * 1000);

    const signature = new Webhook(official.secret).sign(official.msgId, at, official.payload);

    expect(signature).toBe(official.expectedSignature);
  });

  it('gives a retry the same webhook-id and body, with the new attempt time', () => {
    const alert = anAlert();

    const first = signedWebhookRequest(alert, SECRET, new Date('2025-03-01T09:05:00Z'));
    const retry = signedWebhookRequest(alert, SECRET, new Date('2025-03-01T09:10:00Z'));

    expect(retry.body).toBe(first.body);
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(retry.headers['webhook-timestamp']).not.toBe(first.headers['webhook-timestamp']);
  });

  it('reports an unusable secret as a configuration fault', () => {
    expect(() => signedWebhookRequest(anAlert(), '', new Date())).toThrow(/webhook target secret is unusable/);
  });
});
