/**
 * The alarm forwarder: CloudWatch alarms publish to the alarm topic, which invokes this function;
 * each state change goes to the config's fallback alert target as a notice (forward-alarm.ts).
 * A delivery that fails throws, so Lambda's asynchronous retries try it again.
 */
import type { SNSEvent } from 'aws-lambda';
import { logger } from '../commons/logger.ts';
import { withMetricsFlush } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { composeAlarms } from '../roots/alarms.ts';
import type { Substitutes } from '../roots/core.ts';
import type { DeliverDeps } from '../use-cases/deliver-alert.ts';
import { alarmMessageSchema, type ForwardOutcome, forwardAlarm } from '../use-cases/forward-alarm.ts';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const forwardAll = async (event: SNSEvent, deps: DeliverDeps): Promise<ForwardOutcome[]> => {
  const outcomes: ForwardOutcome[] = [];
  for (const record of event.Records) {
    const alarm = alarmMessageSchema.safeParse(parse(record.Sns.Message));
    if (!alarm.success) {
      // Not an alarm (a test message, or a topic shared with something else): nothing to forward, nothing to retry.
      logger.warn('alarm topic message is not a CloudWatch alarm state change', { messageId: record.Sns.MessageId });
      outcomes.push({ outcome: 'not_forwarded', reason: 'not a CloudWatch alarm state change' });
      continue;
    }
    const outcome = await forwardAlarm(alarm.data, deps);
    logger.info('alarm forwarded', { alarm: alarm.data.AlarmName, state: alarm.data.NewStateValue, ...outcome });
    outcomes.push(outcome);
  }
  return outcomes;
};

/** The forwarder over its own composition root, built on the first event; tests pass substitutes. */
export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeAlarms(substitutes));
  return (event: SNSEvent): Promise<ForwardOutcome[]> =>
    withMetricsFlush(
      () => root().metrics,
      () => forwardAll(event, root().deliver),
    );
};

export const handler = createHandler();
