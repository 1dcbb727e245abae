/**
 * PagerDuty → Sundown: an incident acknowledged or resolved in PagerDuty acknowledges or resolves
 * the case's escalation. Webhooks v3 (pagerduty.md §B).
 *
 * Signature: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>[,v1=<hex>...]`, several
 * entries during secret rotation; any may match. No timestamp is signed, so there is no replay
 * window: dedupe on `event.id` / the `X-Webhook-Id` header.
 *
 * Finding the case. We trigger with dedup_key `sundown:<caseId>:<clock>:<generation>`; the v3
 * payload has no alert or dedup_key field. What it has:
 *  1. `data.incident_key`: documented on the v3 incident object (P3 example), and for an incident
 *     opened by an Events API v2 trigger it is that trigger's dedup_key, which only holders of the
 *     routing key can set. The captured real deliveries (Zulip) do not carry it.
 *  2. `data.title`: PagerDuty titles an incident with the summary of the alert that opened it,
 *     and our summaries end with a callback marker carrying Sundown's MAC (alerts/callback-marker.ts).
 *     The title also quotes the customer, so only a marker whose MAC verifies counts: text that
 *     merely looks like one (a customer writing `[sundown:<another case>…]`) never does.
 * incident_key wins when it is one of ours; otherwise the authenticated marker. Neither holds when
 * the incident was not opened by Sundown, when its title was edited, or when alert grouping put
 * our alert into an incident another alert opened: the result then has no dedupKey, and the
 * caller ignores it.
 */
import * as z from 'zod/mini';
import { constantTimeEqual, hmacSha256, requireSecret } from '../../../commons/hmac.ts';
import type { WebhookHeaders } from '../../../commons/http.ts';
import { parseJsonBody } from '../../../commons/http.ts';
import { headerValue, PayloadError, parseEnvelope, type VerifyResult } from '../../../commons/signed-request.ts';
import { type DedupKeyParts, parseDedupKey } from '../../alert.ts';
import { authenticatedMarker } from '../../callback-marker.ts';
import type { TargetCallback } from '../callback.ts';

export const PAGERDUTY_SIGNATURE_HEADER = 'x-pagerduty-signature';

const rejected = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });

export const verifyPagerDuty = (secret: string, rawBody: string, headers: WebhookHeaders): VerifyResult => {
  requireSecret('PagerDuty webhook secret', secret);
  const value = headerValue(headers, PAGERDUTY_SIGNATURE_HEADER)?.trim();
  if (!value) return rejected(`${PAGERDUTY_SIGNATURE_HEADER}: missing header`);
  if (rawBody.length === 0) return rejected('body: empty');
  const presented = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => /^v1=[0-9a-fA-F]{64}$/.test(entry))
    .map((entry) => Buffer.from(entry.slice('v1='.length), 'hex'));
  if (presented.length === 0) {
    return rejected(`${PAGERDUTY_SIGNATURE_HEADER}: malformed header, expected v1=<hex HMAC-SHA256> entries`);
  }
  const expected = hmacSha256(secret, rawBody);
  return presented.some((digest) => constantTimeEqual(digest, expected))
    ? { ok: true }
    : rejected(`${PAGERDUTY_SIGNATURE_HEADER}: signature mismatch`);
};

const webhookSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().check(z.minLength(1)),
    event_type: z.string().check(z.minLength(1)),
    resource_type: z.string(),
    occurred_at: z.string(),
    agent: z.nullish(z.looseObject({ id: z.string().check(z.minLength(1)), summary: z.optional(z.string()) })),
    data: z.looseObject({}),
  }),
});

const incidentSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  type: z.literal('incident'),
  title: z.nullish(z.string()),
  incident_key: z.nullish(z.string()),
});

const ACTIONS: ReadonlyMap<string, 'ack' | 'resolve'> = new Map([
  ['incident.acknowledged', 'ack'],
  ['incident.resolved', 'resolve'],
]);

export type PagerDutyAction =
  | {
      readonly action: 'ack' | 'resolve';
      readonly incidentId: string;
      /** Our dedup key, when the incident can be traced to one (see the file comment). */
      readonly dedupKey?: string;
      readonly caseId?: string;
      readonly escalationId?: string;
      readonly agent?: { readonly id: string; readonly summary: string };
      /** event.id: the same on every delivery attempt of this event. */
      readonly eventId: string;
      readonly occurredAt: string;
    }
  | { readonly ignored: string };

const traceDedupKey = (
  incident: z.output<typeof incidentSchema>,
  markerSecret: string,
): (DedupKeyParts & { key: string }) | undefined => {
  const byKey = incident.incident_key ? parseDedupKey(incident.incident_key) : undefined;
  if (incident.incident_key && byKey) return { ...byKey, key: incident.incident_key };
  return incident.title ? authenticatedMarker(markerSecret, incident.title) : undefined;
};

/**
 * Reads a verified v3 webhook body (already JSON-parsed). Events other than ack and resolve are
 * ignored. `markerSecret` is the key of the title's callback marker (the link-signing secret).
 */
export const parsePagerDutyWebhook = (payload: unknown, markerSecret: string): PagerDutyAction => {
  const { event } = parseEnvelope(webhookSchema, payload);
  const action = ACTIONS.get(event.event_type);
  if (!action) return { ignored: `event_type ${event.event_type}` };
  if (event.resource_type !== 'incident') {
    throw new PayloadError(
      `event.resource_type: expected incident for ${event.event_type}, got ${event.resource_type}`,
    );
  }
  const incident = parseEnvelope(incidentSchema, event.data, 'event.data');
  const traced = traceDedupKey(incident, markerSecret);
  return {
    action,
    incidentId: incident.id,
    ...(traced ? { dedupKey: traced.key, caseId: traced.caseId, escalationId: traced.escalationId } : {}),
    ...(event.agent ? { agent: { id: event.agent.id, summary: event.agent.summary ?? event.agent.id } } : {}),
    eventId: event.id,
    occurredAt: event.occurred_at,
  };
};

/** PagerDuty's v3 webhook subscription. PagerDuty retries anything but a 2xx. */
export const pagerDutyCallback: TargetCallback = {
  path: '/integrations/pagerduty',
  secret: { name: 'PAGERDUTY_WEBHOOK_SECRET', development: 'local-pagerduty-webhook-secret' },
  status: 202,
  verify: (request, secret) => verifyPagerDuty(secret, request.rawBody, request.headers),
  parse: async (request, deps) => {
    const markerSecret = await deps.linkSecret();
    const parsed = parsePagerDutyWebhook(parseJsonBody(request.rawBody), markerSecret);
    if ('ignored' in parsed) return parsed;
    if (!parsed.caseId) return { ignored: `incident ${parsed.incidentId} was not opened by Sundown` };
    return {
      action: parsed.action,
      caseId: parsed.caseId,
      ...(parsed.escalationId && { escalationId: parsed.escalationId }),
      who: parsed.agent?.summary ?? 'PagerDuty',
    };
  },
};
