/**
 * A validated config with the triage, topic, surge and suppression sections filled in, and the
 * London office calendar for the night-time rules. Fixed times only.
 */
import { type SundownConfig, sundownConfigSchema } from '../../../functions/config/schema.ts';

export const triageConfig = (overrides: Record<string, unknown> = {}): SundownConfig =>
  sundownConfigSchema.parse({
    brand: { id: 'acme', name: 'Acme', timeZone: 'Europe/London' },
    accounts: [{ channel: 'x', id: '1001', handle: 'Acme' }],
    calendars: {
      'london-office': {
        timeZone: 'Europe/London',
        hours: {
          mon: ['09:00-17:00'],
          tue: ['09:00-17:00'],
          wed: ['09:00-17:00'],
          thu: ['09:00-17:00'],
          fri: ['09:00-17:00'],
        },
      },
    },
    sla: {
      sundownCalendar: 'london-office',
      policies: [
        { name: 'urgent', match: { priorities: ['urgent', 'high'] }, firstResponse: 'PT15M', escalation: 'social' },
        { name: 'standard', firstResponse: 'PT2H', escalation: 'social' },
      ],
    },
    escalationChains: { social: { levels: [{ notify: ['social-team', 'pager'] }] } },
    targets: {
      'social-team': { type: 'console' },
      pager: { type: 'pagerduty', routingKeySecret: 'PAGERDUTY_ROUTING_KEY' },
      comms: { type: 'console' },
      'baggage-desk': { type: 'console' },
    },
    departments: { baggage: { notify: ['baggage-desk'] } },
    triage: {
      reach: { followers: 10_000, verified: true, raiseTo: 'high' },
      keywords: [{ words: ['lawyer', 'safety issue'], patterns: ['\\bsu(e|ing)\\b'], raiseTo: 'urgent' }],
      negativeSentiment: { atOrBelow: -0.5, raiseTo: 'high' },
      repeatContact: { within: 'P2D', raiseTo: 'high' },
      press: { accounts: ['@BBCNews', 'guardian'], raiseTo: 'urgent' },
    },
    topics: {
      baggage: {
        keywords: ['lost bag', 'suitcase'],
        patterns: ['bag(gage)?\\s+(is\\s+)?(lost|missing)'],
        department: 'baggage',
      },
      refunds: { keywords: ['refund'] },
    },
    feedback: { digestEvery: 'PT1H' },
    surge: { threshold: 25, window: 'PT10M', notify: ['comms'] },
    suppression: {
      patterns: ['buy followers'],
      authors: ['@spambot'],
      abuse: { messages: 3, within: 'PT1H' },
    },
    ...overrides,
  });
