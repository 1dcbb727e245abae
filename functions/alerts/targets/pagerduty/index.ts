/**
 * PagerDuty Events API v2: a breach opens one alert (dedup_key per breach) that later levels land
 * on; acknowledgements and resolutions made in Sundown follow it there, and PagerDuty's v3
 * webhooks bring those made in PagerDuty back (callback.ts).
 */
import * as z from 'zod/mini';
import { postJson } from '../../http.ts';
import { secretRef } from '../secret-ref.ts';
import { secretValue } from '../send.ts';
import { defineTarget, type SendContext } from '../target-module.ts';
import { pagerDutyCallback } from './callback.ts';
import {
  PAGERDUTY_SEVERITIES,
  type PagerDutyEvent,
  pagerDutyFollowUp,
  pagerDutyNoticeTrigger,
  pagerDutyTrigger,
} from './format.ts';
import { pagerDutySetup } from './setup.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export const pagerDutySchema = z.strictObject({
  type: z.literal('pagerduty'),
  /** The integration (routing) key is a secret. */
  routingKeySecret: secretRef,
  severity: z._default(z.enum(PAGERDUTY_SEVERITIES), 'error'),
});
export type PagerDutyTarget = z.infer<typeof pagerDutySchema>;

const send = async (target: SendContext<PagerDutyTarget>, event: (routingKey: string) => PagerDutyEvent) => {
  const routingKey = await secretValue('pagerduty', target.config.routingKeySecret, target);
  const url = target.deps.endpoints?.pagerduty ?? PAGERDUTY_EVENTS_URL;
  await postJson('pagerduty', { url, body: JSON.stringify(event(routingKey)) }, target.deps);
};

export const pagerDuty = defineTarget({
  type: 'pagerduty',
  schema: pagerDutySchema,
  capabilities: { pages: true, acknowledges: true, resolves: true, interactive: true },
  secretNames: (config) => [config.routingKeySecret],
  // A case resolved in Sundown closes its PagerDuty alert rather than opening another.
  sendAlert: (alert, target) =>
    send(target, (key) =>
      alert.kind === 'resolved'
        ? pagerDutyFollowUp('resolve', key, alert.dedupKey)
        : pagerDutyTrigger(alert, key, target.config.severity),
    ),
  sendNotice: (notice, target) => send(target, (key) => pagerDutyNoticeTrigger(notice, key, target.config.severity)),
  follow: (action, dedupKey, target) => send(target, (key) => pagerDutyFollowUp(action, key, dedupKey)),
  callback: pagerDutyCallback,
  endpointSetting: 'PAGERDUTY_EVENTS_URL',
  setup: pagerDutySetup(pagerDutyCallback),
});
