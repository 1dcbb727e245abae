/**
 * The checks `sundown doctor` runs against a stack, each returning what it found and, when
 * something is wrong, what to do about it (doctor-routes.ts calls the stack's public routes). The
 * test notice goes through the deployed alert queue and worker.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/adapters/dynamodb/table.ts';
import { SqsAlertQueue } from '../functions/adapters/sqs/alert-queue.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { type Notice, noticeSchema } from '../functions/domain/queue-messages.ts';
import { noticeClaimKey } from '../functions/use-cases/deliver-notice.ts';
import type { Target } from './target.ts';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skipped';

export interface CheckResult {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do; only when the status is not ok. */
  readonly fix?: string;
}

/**
 * Queues one test notice per alert target on the stack's alert queue and waits for the alert
 * worker to record each as delivered (its claim), so the secrets, network and permissions of
 * the real delivery path are what is checked.
 */
export const checkNotices = async (
  deps: { config: SundownConfig; target: Target; label: string },
  waitMs: number,
): Promise<CheckResult[]> => {
  const names = Object.keys(deps.config.targets);
  if (names.length === 0)
    return [
      {
        check: 'alert targets',
        status: 'warn',
        detail: 'the config names none',
        fix: 'add targets to sundown.config.json',
      },
    ];
  const run = randomUUID();
  const notices: Notice[] = names.map((name) =>
    noticeSchema.parse({
      noticeId: `doctor-${run}`,
      target: name,
      kind: 'operations_alarm',
      title: 'Sundown doctor: test notice',
      text: `A test from npx sundown doctor on ${deps.label}. Nothing to do: this target receives Sundown's alerts.`,
      payload: { doctor: true, run },
    }),
  );
  await new SqsAlertQueue({ client: deps.target.sqs, queueUrl: deps.target.queues.alerts.url }).sendNotices(notices);
  const claimOf = async (notice: Notice) => {
    const { Item } = await deps.target.dynamo.send(
      new GetCommand({
        TableName: deps.target.tableName,
        Key: keys.event(`claim:${noticeClaimKey(notice)}`),
        ConsistentRead: true,
      }),
    );
    return Item as { state?: string; detail?: { delivered?: string; skipped?: string } } | undefined;
  };
  const deadline = Date.now() + waitMs;
  const results = new Map<string, CheckResult>();
  while (results.size < notices.length) {
    for (const notice of notices) {
      if (results.has(notice.target)) continue;
      const claim = await claimOf(notice);
      const check = `notice to ${notice.target}`;
      if (claim?.state === 'done' && claim.detail?.delivered)
        results.set(notice.target, { check, status: 'ok', detail: `delivered ${claim.detail.delivered}` });
      else if (claim?.state === 'done')
        results.set(notice.target, {
          check,
          status: 'fail',
          detail: claim.detail?.skipped ?? 'not delivered',
          fix: 'check the target in sundown.config.json',
        });
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return notices.map(
    (notice) =>
      results.get(notice.target) ?? {
        check: `notice to ${notice.target}`,
        status: 'fail',
        detail: `not delivered within ${Math.round(waitMs / 1000)} s`,
        fix: "check the target's secret (secrets check) and URL; the alert worker's log names the error; it retries for about 15 minutes",
      },
  );
};

/** Parked messages mean something failed for good: each DLQ should be empty. */
export const checkDeadLetters = async (target: Target): Promise<CheckResult[]> => {
  return Promise.all(
    (Object.entries(target.queues) as [string, { dlqUrl: string }][]).map(async ([name, { dlqUrl }]) => {
      const check = `${name} dead-letter queue`;
      try {
        const { Attributes } = await target.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        const parked = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
        return parked === 0
          ? { check, status: 'ok' as const, detail: 'empty' }
          : {
              check,
              status: 'fail' as const,
              detail: `${parked} message(s) parked`,
              fix: `npx sundown dlq list --peek, fix the cause, then npx sundown dlq redrive ${name}`,
            };
      } catch (error) {
        return {
          check,
          status: 'fail' as const,
          detail: `cannot read ${dlqUrl}: ${(error as Error).message}`,
          fix: 'deploy the stateful stack',
        };
      }
    }),
  );
};
