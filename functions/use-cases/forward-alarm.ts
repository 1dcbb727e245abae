/**
 * Operational alarms reach on-call, not only an e-mail topic: a CloudWatch alarm that changes
 * state (alert DLQ not empty, alert deliveries failing, nobody reachable for a breached case, a
 * chain exhausted, silent intake) is sent as a notice to the config's `alerts.fallback` target.
 * It is delivered here, directly, not through the alert queue: the queue may be what is failing.
 */
import * as z from 'zod/mini';
import type { Notice } from '../domain/queue-messages.ts';
import type { DeliverOutcome } from './deliver-alert.ts';
import { deliverNoticeJob, type NoticeDeps } from './deliver-notice.ts';

/** The fields Sundown reads of the JSON CloudWatch publishes to SNS for an alarm state change. */
export const alarmMessageSchema = z.object({
  AlarmName: z.string().check(z.minLength(1)),
  AlarmDescription: z.nullish(z.string()),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z._default(z.string(), ''),
  StateChangeTime: z.string().check(z.minLength(1)),
  Region: z.optional(z.string()),
});
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;

const TITLES: Readonly<Record<AlarmMessage['NewStateValue'], string>> = {
  ALARM: 'Sundown operations alarm',
  OK: 'Sundown alarm cleared',
  INSUFFICIENT_DATA: 'Sundown alarm has no data',
};

export const alarmNotice = (alarm: AlarmMessage, target: string): Notice => ({
  // One notice per state change: CloudWatch may publish the same change twice.
  noticeId: `alarm:${alarm.AlarmName}:${alarm.NewStateValue}:${alarm.StateChangeTime}`,
  target,
  kind: 'operations_alarm',
  title: `${TITLES[alarm.NewStateValue]}: ${alarm.AlarmName}`,
  text: [
    alarm.AlarmDescription ?? '',
    `State: ${alarm.NewStateValue} since ${alarm.StateChangeTime}`,
    alarm.NewStateReason,
  ]
    .filter((line) => line.length > 0)
    .join('\n'),
  payload: {
    alarm: alarm.AlarmName,
    state: alarm.NewStateValue,
    reason: alarm.NewStateReason,
    at: alarm.StateChangeTime,
    ...(alarm.Region && { region: alarm.Region }),
  },
});

export type ForwardOutcome = DeliverOutcome | { readonly outcome: 'not_forwarded'; readonly reason: string };

export const forwardAlarm = async (alarm: AlarmMessage, deps: NoticeDeps): Promise<ForwardOutcome> => {
  const target = deps.config.alerts.fallback;
  if (!target) return { outcome: 'not_forwarded', reason: 'alerts.fallback is not set: the alarm goes by e-mail only' };
  return deliverNoticeJob(alarmNotice(alarm, target), deps);
};
