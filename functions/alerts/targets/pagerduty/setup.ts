/** After deploy: an Events API v2 integration per service, and a webhook subscription bringing incident updates back. */
import type { SetupStep } from '../../../commons/setup-step.ts';
import type { TargetSetupContext } from '../target-module.ts';

export const pagerDutySetup =
  (callback: { readonly path: string; readonly secret: { readonly name: string } }) =>
  (context: TargetSetupContext<{ readonly routingKeySecret: string }>): SetupStep | undefined => {
    const url = context.urlOf(callback.path);
    if (!url || context.targets.length === 0) return undefined;
    const subscription = {
      webhook_subscription: {
        type: 'webhook_subscription',
        delivery_method: { type: 'http_delivery_method', url },
        description: 'Sundown: acknowledge and resolve cases from PagerDuty',
        events: ['incident.acknowledged', 'incident.resolved'],
        filter: { type: 'service_reference', id: '$SERVICE_ID' },
      },
    };
    return {
      title: 'PagerDuty: Events API v2 integration and a webhook subscription',
      lines: [
        '1. Service > Integrations > Events API v2; store each routing key:',
        ...context.targets.map(({ name, config }) => `   ${name}: ${context.storeSecret(config.routingKeySecret)}`),
        '2. Subscribe to incident updates (REST API key with write access):',
        `   curl -sS -X POST https://api.pagerduty.com/webhook_subscriptions -H "Authorization: Token token=$PAGERDUTY_API_KEY" -H 'Accept: application/vnd.pagerduty+json;version=2' -H 'Content-Type: application/json' -d "${JSON.stringify(subscription).replaceAll('"', '\\"')}"`,
        `3. The answer's delivery_method.secret is shown once: ${context.storeSecret(callback.secret.name)}`,
      ],
    };
  };
