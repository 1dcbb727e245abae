import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sundownConfigSchema } from '../../../functions/config/schema.ts';

const base = {
  brand: { id: 'acme', name: 'Acme' },
  accounts: [{ channel: 'x', id: '1001' }],
  sla: { policies: [{ name: 'all', firstResponse: 'PT1H', escalation: 'chain' }] },
  escalationChains: { chain: { levels: [{ notify: ['log'] }] } },
  targets: { log: { type: 'console' } },
};

const issues = (changes: Record<string, unknown>) => {
  const result = sundownConfigSchema.safeParse({ ...base, ...changes });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('triage config validation', () => {
  it('accepts a config without any triage keys, and fills in defaults that do nothing', () => {
    const config = sundownConfigSchema.parse(base);
    expect(config.triage.keywords).toEqual([]);
    expect(config.topics).toEqual({});
    expect(config.surge.notify).toEqual([]);
    expect(config.feedback.digestEvery).toBe('PT1H');
  });

  it('accepts the repository and demo configs, which show every feature', () => {
    for (const file of ['sundown.config.json', 'examples/demo.config.json']) {
      const config = sundownConfigSchema.parse(
        JSON.parse(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')),
      );
      expect(Object.keys(config.topics).length).toBeGreaterThan(0);
      expect(config.surge.notify.length).toBeGreaterThan(0);
      expect(config.suppression.patterns.length).toBeGreaterThan(0);
    }
  });

  it('rejects SLA policies without a catch-all, so every case gets an SLA whatever its reach', () => {
    const policies = [{ name: 'vip', match: { priorities: ['urgent'] }, firstResponse: 'PT5M', escalation: 'chain' }];
    expect(issues({ sla: { policies } })).toEqual([
      'sla.policies: add a catch-all policy (no "match") at the end so every case gets an SLA',
    ]);
  });

  it('names an unknown department, surge target or calendar', () => {
    expect(
      issues({
        topics: { baggage: { keywords: ['bag'], department: 'lost-property' } },
        surge: { notify: ['press-office'] },
        suppression: { calendar: 'office' },
      }),
    ).toEqual([
      'topics.baggage.department: unknown department "lost-property" (known: none defined)',
      'surge.notify.0: unknown alert target "press-office" (known: log)',
      'suppression.calendar: unknown calendar "office" (known: none defined)',
    ]);
  });

  it('rejects a topic that can match nothing and a pattern that is not a regular expression', () => {
    expect(issues({ topics: { empty: {} } })).toEqual(['topics.empty: a topic needs at least one keyword or pattern']);
    expect(issues({ suppression: { patterns: ['(unclosed'] } })).toEqual([
      'suppression.patterns.0: must be a valid regular expression',
    ]);
  });
});
