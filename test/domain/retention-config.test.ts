import { describe, expect, it } from 'vitest';
import { retentionSchema } from '../../functions/config/retention-schema.ts';

const issuesOf = (retention: Record<string, string>) => {
  const result = retentionSchema.safeParse(retention);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('retention config', () => {
  it('refuses a message lifetime shorter than the dead-letter window its dedupe must outlive, naming the field', () => {
    expect(issuesOf({ messages: 'P14D' })).toEqual([expect.stringMatching(/^messages: must be at least P15D/)]);
    expect(issuesOf({ messages: 'P1D' })).toEqual([expect.stringMatching(/^messages: must be at least P15D/)]);
  });

  it('takes a message lifetime of 15 days or more, and shorter lifetimes for cases and audit', () => {
    expect(issuesOf({ messages: 'P15D', cases: 'P1D', audit: 'P2D' })).toEqual([]);
    expect(retentionSchema.parse({}).messages).toBe('P400D');
  });
});
