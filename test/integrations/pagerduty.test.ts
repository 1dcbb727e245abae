import { describe, expect, it } from 'vitest';
import { parsePagerDutyWebhook, verifyPagerDuty } from '../../functions/alerts/targets/pagerduty/callback.ts';
import { pagerDutySummary } from '../../functions/alerts/targets/pagerduty/format.ts';
import { PayloadError } from '../../functions/platforms/errors.ts';
import { anAlert, LINK_SECRET } from '../alerts/fixtures.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { CASE_ID, DEDUP_KEY, pagerDutyWithIncidentKey, pagerDutyWithTitle } from './derived.ts';

interface PdVector {
  name: string;
  secret: string;
  body: string;
  headerValue: string | null;
  expectValid: boolean;
}

const vectors = sampleJson<{ vectors: PdVector[]; computedHere: PdVector[] }>('pagerduty-signature-vectors.json');
const ACKNOWLEDGED = 'pagerduty-webhook-v3-incident.acknowledged.captured.json';
const RESOLVED = 'pagerduty-webhook-v3-incident.resolved.captured.json';

describe('verifyPagerDuty', () => {
  it.each([...vectors.vectors, ...vectors.computedHere])('vector "$name": valid is $expectValid', (vector) => {
    const headers = vector.headerValue === null ? {} : { 'X-PagerDuty-Signature': vector.headerValue };

    const result = verifyPagerDuty(vector.secret, vector.body, headers);

    expect(result.ok).toBe(vector.expectValid);
  });

  it('names what is wrong', () => {
    const [valid] = vectors.vectors;
    if (!valid?.headerValue) throw new Error('no vector');

    expect(verifyPagerDuty(valid.secret, valid.body, {})).toEqual({
      ok: false,
      status: 401,
      reason: 'x-pagerduty-signature: missing header',
    });
    expect(verifyPagerDuty(valid.secret, '', { 'x-pagerduty-signature': valid.headerValue })).toMatchObject({
      reason: 'body: empty',
    });
    expect(
      verifyPagerDuty(valid.secret, `${valid.body} `, { 'x-pagerduty-signature': valid.headerValue }),
    ).toMatchObject({
      reason: 'x-pagerduty-signature: signature mismatch',
    });
    expect(verifyPagerDuty(valid.secret, valid.body, { 'x-pagerduty-signature': 'v0=abc, sha256=def' })).toMatchObject({
      reason: 'x-pagerduty-signature: malformed header, expected v1=<hex HMAC-SHA256> entries',
    });
  });

  it('ignores entries of other versions and spaces around commas', () => {
    const [valid] = vectors.vectors;
    if (!valid?.headerValue) throw new Error('no vector');

    const result = verifyPagerDuty(valid.secret, valid.body, {
      'x-pagerduty-signature': `v2=abc, ${valid.headerValue}`,
    });

    expect(result).toEqual({ ok: true });
  });
});

describe('parsePagerDutyWebhook', () => {
  it.each([
    [ACKNOWLEDGED, 'ack', 'PQ1K5C8', '01BZYK8N47N5JG55J1EEEHPEJI'],
    [RESOLVED, 'resolve', 'PCPZE64', '01BZYH1JJY09P9LEIST8HG2PMN'],
  ])('reads the captured delivery %s', (sample, action, incidentId, eventId) => {
    const result = parsePagerDutyWebhook(sampleJson(sample), LINK_SECRET);

    // "Test Incident" was not opened by Sundown: nothing leads back to a case.
    expect(result).toEqual({
      action,
      incidentId,
      agent: { id: 'PJ0LVEB', summary: 'PIG 208' },
      eventId,
      occurredAt: sampleJson(sample).event.occurred_at,
    });
  });

  it('finds the case from the title PagerDuty copies from our trigger summary', () => {
    const title = pagerDutySummary(anAlert());

    const result = parsePagerDutyWebhook(pagerDutyWithTitle(ACKNOWLEDGED, title), LINK_SECRET);

    expect(result).toMatchObject({
      action: 'ack',
      dedupKey: DEDUP_KEY,
      caseId: CASE_ID,
      escalationId: 'firstResponse:1',
    });
  });

  it('prefers the incident_key when it is one of our dedup keys', () => {
    const payload = pagerDutyWithIncidentKey(RESOLVED, `sundown:${CASE_ID}:resolution:4`);

    expect(parsePagerDutyWebhook(payload, LINK_SECRET)).toMatchObject({
      action: 'resolve',
      dedupKey: `sundown:${CASE_ID}:resolution:4`,
    });
  });

  it('falls back to the title when the incident_key is PagerDuty-generated', () => {
    const payload = pagerDutyWithTitle(RESOLVED, pagerDutySummary(anAlert()));
    payload.event.data.incident_key = 'd3640fbd41094207a1c11e58e46b1662';

    expect(parsePagerDutyWebhook(payload, LINK_SECRET)).toMatchObject({ dedupKey: DEDUP_KEY });
  });

  it.each([
    ['pagerduty-webhook-v3-incident.priority_updated.json', 'event_type incident.priority_updated'],
    ['pagerduty-webhook-v3-service.updated.json', 'event_type service.updated'],
  ])('ignores %s', (sample, reason) => {
    expect(parsePagerDutyWebhook(sampleJson(sample), LINK_SECRET)).toEqual({ ignored: reason });
  });

  it('throws a PayloadError naming the field when the incident has no id', () => {
    const payload = sampleJson(ACKNOWLEDGED);
    delete payload.event.data.id;

    expect(() => parsePagerDutyWebhook(payload, LINK_SECRET)).toThrow(PayloadError);
    expect(() => parsePagerDutyWebhook(payload, LINK_SECRET)).toThrow(/^event\.data\.id: /);
  });

  it('throws a PayloadError for a body without an event', () => {
    expect(() => parsePagerDutyWebhook({ messages: [] }, LINK_SECRET)).toThrow(/^event: /);
  });
});
