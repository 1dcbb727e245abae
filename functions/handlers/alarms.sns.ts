/**
 * The alarm forwarder: CloudWatch alarms publish to the alarm topic, which invokes this function;
 * each state change goes to the config's fallback alert target as a notice (forward-alarm.ts).
 * A delivery that fails throws, so Lambda's asynchronous retries try it again.
 */
import type { SNSEvent } from 'aws-lambda';
import { logger } from '../commons/logger.ts';
import { alarmMessageSchema, type ForwardOutcome, forwardAlarm } from '../use-cases/forward-alarm.ts';
import { deliverDeps } from './alert-deps.ts';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const handler = async (event: SNSEvent): Promise<ForwardOutcome[]> => {
  const outcomes: ForwardOutcome[] = [];
  for (const record of event.Records) {
    const alarm = alarmMessageSchema.safeParse(parse(record.Sns.Message));
    if (!alarm.success) {
      // Not an alarm (a test message, or a topic shared with something else): nothing to forward, nothing to retry.
      logger.warn('alarm topic message is not a CloudWatch alarm state change', { messageId: record.Sns.MessageId });
      outcomes.push({ outcome: 'not_forwarded', reason: 'not a CloudWatch alarm state change' });
      continue;
    }
    const outcome = await forwardAlarm(alarm.data, deliverDeps());
    logger.info('alarm forwarded', { alarm: alarm.data.AlarmName, state: alarm.data.NewStateValue, ...outcome });
    outcomes.push(outcome);
  }
  return outcomes;
};
