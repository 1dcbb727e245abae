import { describe, expect, it } from 'vitest';
import {
  PAGERDUTY_DEDUP_KEY_MAX,
  PAGERDUTY_SUMMARY_MAX,
  pagerDutyFollowUp,
  pagerDutySummary,
  pagerDutyTrigger,
} from '../../../functions/alerts/targets/pagerduty/format.ts';
import { sampleJson } from '../../fixtures/samples.ts';
import { anAlert, CASE_ID } from '../fixtures.ts';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('pagerDutyTrigger', () => {
  it('uses only the fields of the documented trigger example, minus images', () => {
    const official = sampleJson('pagerduty-events-v2-trigger.json');

    const body = pagerDutyTrigger(anAlert(), ROUTING_KEY, 'critical');

    expect(keysOf(body)).toEqual(keysOf(official).filter((key) => key !== 'images'));
    expect(keysOf(body.payload)).toEqual(keysOf(official.payload));
    expect(keysOf(body.links[0] ?? {})).toEqual(keysOf(official.links[0]));
  });

  it('fills the payload from the alert', () => {
    const alert = anAlert();

    const body = pagerDutyTrigger(alert, ROUTING_KEY, 'critical');

    expect(body).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: `sundown:${CASE_ID}:firstResponse:1`,
      payload: {
        source: 'sundown',
        severity: 'critical',
        timestamp: alert.raisedAt,
        component: 'x',
        group: 'acme',
        class: 'firstResponse',
        custom_details: expect.objectContaining({
          case_id: CASE_ID,
          customer_text: alert.latestCustomerText,
          waiting: '1 h 05 min',
          acknowledge_url: alert.ackUrl,
        }),
      },
      links: [
        { href: alert.caseUrl, text: 'Open the case in Sundown' },
        { href: alert.postUrl, text: "The customer's post on x" },
      ],
    });
    expect(body.payload.summary).toBe(
      `acme x: first response overdue by 35 min, Jane Doe (@janedoe) wrote "My order #4411 never arrived & nobody answers <at all>. Third time asking!" ${alert.callbackMarker}`,
    );
  });

  it('keeps the summary within 1024 characters, and its case marker whole', () => {
    const alert = anAlert({ latestCustomerText: '😀'.repeat(5000) });

    const summary = pagerDutySummary(alert);

    expect(summary.length).toBeLessThanOrEqual(PAGERDUTY_SUMMARY_MAX);
    expect(summary.endsWith(`… ${alert.callbackMarker}`)).toBe(true);
  });

  it('never pages a warning above warning severity', () => {
    expect(pagerDutyTrigger(anAlert({ kind: 'warning' }), ROUTING_KEY, 'critical').payload.severity).toBe('warning');
    expect(pagerDutyTrigger(anAlert({ kind: 'warning' }), ROUTING_KEY, 'info').payload.severity).toBe('info');
  });

  it('keeps a dedup key of a ULID case within 255 characters, and refuses a longer one', () => {
    expect(anAlert().dedupKey.length).toBeLessThanOrEqual(PAGERDUTY_DEDUP_KEY_MAX);
    expect(() => pagerDutyTrigger(anAlert({ dedupKey: 'k'.repeat(256) }), ROUTING_KEY, 'error')).toThrow(/dedup_key/);
  });
});

describe('pagerDutyFollowUp', () => {
  it.each([
    ['acknowledge', 'pagerduty-events-v2-acknowledge.json'],
    ['resolve', 'pagerduty-events-v2-resolve.json'],
  ] as const)('builds the %s body of the documented example', (action, sample) => {
    const official = sampleJson(sample);

    const body = pagerDutyFollowUp(action, official.routing_key, official.dedup_key);

    expect(body).toEqual(official);
  });
});
