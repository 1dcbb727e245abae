/**
 * Slack and PagerDuty payloads derived from the official samples in fixtures/platform-samples/.
 * Each builder starts from a named sample and says what it changes; no shape here is new.
 */
import { type Json, sampleJson } from '../fixtures/samples.ts';

export const CASE_ID = '01JD3K6N4ZQ8W5T2X7V9B1C0FE';
export const DEDUP_KEY = `sundown:${CASE_ID}:firstResponse:1`;

/** The form body Slack posts: one field, `payload`, holding the interaction JSON. */
export const slackForm = (payload: Json): string => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

/**
 * slack-block_actions.json with its one action's `action_id` and `value` changed to one of our
 * buttons (alerts/targets/slack/format.ts); every other field is the official sample's.
 */
export const slackBlockActions = (
  actionId: string,
  value = JSON.stringify({ caseId: CASE_ID, escalationId: 'firstResponse:1' }),
): Json => {
  const payload = sampleJson('slack-block_actions.json');
  payload.actions[0].action_id = actionId;
  payload.actions[0].value = value;
  return payload;
};

/**
 * A captured PagerDuty v3 delivery with `data.title` changed to what PagerDuty titles an incident
 * opened by our trigger: the trigger's summary, which ends with `[<dedupKey>]`.
 */
export const pagerDutyWithTitle = (sample: string, title: string): Json => {
  const payload = sampleJson(sample);
  payload.event.data.title = title;
  return payload;
};

/** A captured PagerDuty v3 delivery with `data.incident_key` (a field of the documented incident object) added. */
export const pagerDutyWithIncidentKey = (sample: string, incidentKey: string): Json => {
  const payload = sampleJson(sample);
  payload.event.data.incident_key = incidentKey;
  return payload;
};
