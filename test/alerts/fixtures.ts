/** An alert as the escalation engine would build it, with real signed links. */
import { type Alert, alertIdentity } from '../../functions/alerts/alert.ts';
import { callbackMarker } from '../../functions/alerts/callback-marker.ts';
import { signLink } from '../../functions/alerts/links.ts';

export const LINK_SECRET = 'test-link-secret';
export const BASE_URL = 'https://sundown.example.com';
export const CASE_ID = '01JD3K6N4ZQ8W5T2X7V9B1C0FE';

export const anAlert = (overrides: Partial<Alert> = {}): Alert => {
  const caseId = overrides.caseId ?? CASE_ID;
  const kind = overrides.kind ?? 'breach';
  const expiresAt = new Date('2025-03-03T10:00:00Z');
  const link = (action: 'ack' | 'resolve' | 'view') =>
    signLink({ baseUrl: BASE_URL, caseId, action, expiresAt, secret: LINK_SECRET });
  const identity = alertIdentity({ caseId, clock: 'firstResponse', generation: 1, kind, level: 1, round: 0 });
  return {
    ...identity,
    callbackMarker: callbackMarker(LINK_SECRET, identity.dedupKey),
    kind,
    caseId,
    caseUrl: link('view'),
    ackUrl: link('ack'),
    resolveUrl: link('resolve'),
    brand: 'acme',
    channel: 'x',
    priority: 'high',
    clock: 'firstResponse',
    level: 1,
    round: 0,
    customer: { name: 'Jane Doe', handle: 'janedoe', followers: 12300, verified: true },
    latestCustomerText: 'My order #4411 never arrived & nobody answers <at all>.\nThird time asking!',
    postUrl: 'https://x.com/janedoe/status/1850000000000000000',
    waitingSince: '2025-03-01T08:00:00.000Z',
    dueAt: '2025-03-01T08:30:00.000Z',
    raisedAt: '2025-03-01T09:05:00.000Z',
    ...overrides,
  };
};
