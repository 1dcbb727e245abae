/** The alert worker counts every failed delivery attempt by target type, and only failed ones. */
import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoCaseStore } from '../../../functions/adapters/dynamodb/case-store.ts';
import { DynamoClaims } from '../../../functions/adapters/dynamodb/claims.ts';
import { DynamoLinkLedger } from '../../../functions/adapters/dynamodb/link-ledger.ts';
import { MemoryMetrics } from '../../../functions/adapters/metrics/memory.ts';
import { resetSettingsCache } from '../../../functions/config/settings.ts';
import { createHandler } from '../../../functions/handlers/alerts.sqs.ts';
import { freshTable } from '../../support/dynamo.ts';

const context = { functionName: 'test', awsRequestId: 'req-1' } as Context;
const clock = { now: () => new Date('2026-05-01T12:00:00Z') };

/** A notice for the repository config's Slack target `social-team`. */
const noticeFor = (target: string): SQSEvent =>
  ({
    Records: [
      {
        messageId: `m-${target}`,
        body: JSON.stringify({
          noticeId: `n-${Math.random()}`,
          target,
          kind: 'surge',
          title: 'Surge',
          text: 'Many complaints',
          payload: {},
        }),
        attributes: {},
        eventSource: 'aws:sqs',
      },
    ],
  }) as unknown as SQSEvent;

let metrics: MemoryMetrics;
let handler: ReturnType<typeof createHandler>;
beforeEach(async () => {
  const { documentClient, tableName } = await freshTable();
  metrics = new MemoryMetrics();
  handler = createHandler({
    metrics,
    clock,
    store: new DynamoCaseStore({ client: documentClient, tableName }),
    claims: new DynamoClaims({ client: documentClient, tableName, clock }),
    linkLedger: new DynamoLinkLedger({ client: documentClient, tableName, clock, newId: () => 'ledger-id' }),
    deadLetters: { park: async (_, reason) => expect.fail(`parked: ${reason}`) },
  });
  resetSettingsCache();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  resetSettingsCache();
});

describe('alert delivery failure metrics', () => {
  it('counts a delivery that failed (Slack unreachable) under target type slack, and retries it', async () => {
    // Prepare: nothing listens on port 9 of the loopback.
    vi.stubEnv('SLACK_WEBHOOK_SOCIAL', 'http://127.0.0.1:9/unreachable');

    // Act
    const result = await handler(noticeFor('social-team'), context);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-social-team' }]);
    expect(metrics.published).toEqual([
      { name: 'AlertDeliveryFailures', value: 1, dimensions: { targetType: 'slack' } },
    ]);
  });

  it('counts nothing when the delivery succeeds', async () => {
    // Prepare: the repository config's console target prints (captured here).
    vi.spyOn(console, 'log').mockImplementation(() => undefined);

    // Act
    const result = await handler(noticeFor('duty-log'), context);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(metrics.values('AlertDeliveryFailures')).toEqual([]);
  });
});
