/**
 * What `sundown setup` tells an admin to do after `cdk deploy`, with the stack's real URLs: each
 * step is a list of lines, so the command prints them and tests read them.
 */
import type { SundownConfig } from '../functions/config/schema.ts';
import type { StackUrls } from './deployment.ts';
import { urlFor } from './deployment.ts';

export interface SetupStep {
  readonly title: string;
  readonly lines: readonly string[];
}

type TargetEntry = { readonly type: string } & Readonly<Record<string, unknown>>;
const targetsOfType = (config: SundownConfig, type: string): [string, TargetEntry][] =>
  Object.entries(config.targets as Record<string, TargetEntry>).filter(([, target]) => target.type === type);

/** The Meta webhook fields each configured channel needs (Graph API Webhooks products). */
const META_FIELDS: Readonly<Record<string, { product: string; fields: string }>> = {
  facebook: { product: 'Page', fields: 'feed, mention' },
  messenger: { product: 'Page (Messenger)', fields: 'messages, message_echoes' },
  instagram: { product: 'Instagram', fields: 'comments, mentions, messages' },
  whatsapp: { product: 'WhatsApp Business Account', fields: 'messages' },
};

/** One Slack app: incoming webhooks for the alert channels, interactivity for the buttons. */
export const slackManifest = (config: SundownConfig, interactivityUrl: string): Record<string, unknown> => ({
  display_information: {
    name: `Sundown ${config.brand.name}`.slice(0, 35),
    description: 'Escalations for customers waiting on social media',
  },
  features: { bot_user: { display_name: 'Sundown', always_online: false } },
  oauth_config: { scopes: { bot: ['incoming-webhook'] } },
  settings: {
    interactivity: { is_enabled: true, request_url: interactivityUrl },
    org_deploy_enabled: false,
    socket_mode_enabled: false,
    token_rotation_enabled: false,
  },
});

const secretsSet = (stack: string, name: string) => `npx sundown secrets set ${name} ${stack}`;

const xStep = (config: SundownConfig, url: string, stack: string): SetupStep => {
  const handles = config.accounts.filter((a) => a.channel === 'x').map((a) => `@${a.handle ?? a.id}`);
  return {
    title: 'X: register the webhook and subscribe each brand account',
    lines: [
      `Webhook URL: ${url}`,
      `1. ${secretsSet(stack, 'X_CONSUMER_SECRET')}   # the app's API secret key (X answers the CRC with it)`,
      '2. Register the URL (app bearer token); X sends a CRC at once, Sundown answers it:',
      `   curl -sS -X POST https://api.x.com/2/webhooks -H "Authorization: Bearer $X_BEARER_TOKEN" -H 'Content-Type: application/json' -d '{"url":"${url}"}'`,
      '   Keep the "id" of the answer as WEBHOOK_ID.',
      `3. Subscribe ${handles.join(', ') || 'each brand account'}, signed in as that account (OAuth 1.0a user context, e.g. with xurl):`,
      '   xurl -X POST "/2/account_activity/webhooks/$WEBHOOK_ID/subscriptions/all"',
    ],
  };
};

const metaStep = (config: SundownConfig, url: string, stack: string): SetupStep | undefined => {
  const channels = [...new Set(config.accounts.map((a) => a.channel))].filter((c) => c in META_FIELDS);
  if (channels.length === 0) return undefined;
  return {
    title: 'Meta: one app, Webhooks product',
    lines: [
      `1. ${secretsSet(stack, 'META_APP_SECRET')}   # App settings > Basic > App secret`,
      `2. ${secretsSet(stack, 'META_VERIFY_TOKEN')}   # any long random text; type the same in the dashboard`,
      `3. In the App Dashboard, Webhooks: Callback URL ${url}, Verify token as set above, then subscribe:`,
      ...channels.map((c) => `   ${META_FIELDS[c]?.product}: ${META_FIELDS[c]?.fields}`),
      '4. Subscribe the app to each Page (POST /{page-id}/subscribed_apps) and to the WhatsApp Business Account.',
    ],
  };
};

export const setupSteps = (config: SundownConfig, urls: StackUrls, stack: string): SetupStep[] => {
  const steps: (SetupStep | undefined)[] = [];
  const xUrl = urlFor(urls, 'platform', 'x');
  if (xUrl && config.accounts.some((a) => a.channel === 'x')) steps.push(xStep(config, xUrl, stack));
  const metaUrl = urlFor(urls, 'platform', 'meta');
  if (metaUrl) steps.push(metaStep(config, metaUrl, stack));
  const inbound = urls.endpoints.filter((e) => e.traffic === 'platform' && e.path.split('/').includes('inbound'));
  if (inbound.length > 0) {
    steps.push({
      title: 'Inbound sources (Standard Webhooks): give each sender its URL and a whsec_ secret',
      lines: inbound.map((e) => {
        const source = e.path.split('/').at(-1) ?? '';
        return `${e.url}   secret: ${secretsSet(stack, `INBOUND_WEBHOOK_SECRET__${source.toUpperCase().replace(/-/g, '_')}`)}`;
      }),
    });
  }
  const slackUrl = urlFor(urls, 'integration', 'slack');
  const slackTargets = targetsOfType(config, 'slack');
  if (slackUrl && slackTargets.length > 0) {
    steps.push({
      title: 'Slack: one app for the alert channels and the Acknowledge/Resolve buttons',
      lines: [
        '1. https://api.slack.com/apps > Create New App > From a manifest, paste:',
        ...JSON.stringify(slackManifest(config, slackUrl), null, 2)
          .split('\n')
          .map((line) => `   ${line}`),
        `2. Basic Information > Signing Secret: ${secretsSet(stack, 'SLACK_SIGNING_SECRET')}`,
        '3. Incoming Webhooks > Add New Webhook to Workspace, once per channel, and store each URL:',
        ...slackTargets.map(([name, t]) => `   ${name}: ${secretsSet(stack, String(t.webhookUrlSecret))}`),
      ],
    });
  }
  const pagerDutyUrl = urlFor(urls, 'integration', 'pagerduty');
  const pagerDutyTargets = targetsOfType(config, 'pagerduty');
  if (pagerDutyUrl && pagerDutyTargets.length > 0) {
    const subscription = {
      webhook_subscription: {
        type: 'webhook_subscription',
        delivery_method: { type: 'http_delivery_method', url: pagerDutyUrl },
        description: 'Sundown: acknowledge and resolve cases from PagerDuty',
        events: ['incident.acknowledged', 'incident.resolved'],
        filter: { type: 'service_reference', id: '$SERVICE_ID' },
      },
    };
    steps.push({
      title: 'PagerDuty: Events API v2 integration and a webhook subscription',
      lines: [
        '1. Service > Integrations > Events API v2; store each routing key:',
        ...pagerDutyTargets.map(([name, t]) => `   ${name}: ${secretsSet(stack, String(t.routingKeySecret))}`),
        '2. Subscribe to incident updates (REST API key with write access):',
        `   curl -sS -X POST https://api.pagerduty.com/webhook_subscriptions -H "Authorization: Token token=$PAGERDUTY_API_KEY" -H 'Accept: application/vnd.pagerduty+json;version=2' -H 'Content-Type: application/json' -d "${JSON.stringify(subscription).replaceAll('"', '\\"')}"`,
        `3. The answer's delivery_method.secret is shown once: ${secretsSet(stack, 'PAGERDUTY_WEBHOOK_SECRET')}`,
      ],
    });
  }
  const emails = targetsOfType(config, 'email').flatMap(([, t]) => (t.addresses as string[] | undefined) ?? []);
  steps.push({
    title: 'E-mail: each address confirms its SNS subscription',
    lines: [
      emails.length > 0
        ? `Ask ${emails.join(', ')} (and the -c alarmEmail address) to click "Confirm subscription" in the AWS Notification e-mail.`
        : 'Only the -c alarmEmail address, if given: click "Confirm subscription" in the AWS Notification e-mail.',
    ],
  });
  steps.push({
    title: 'Check everything',
    lines: [`npx sundown secrets check ${stack}`, `npx sundown doctor ${stack}`],
  });
  return steps.filter((step): step is SetupStep => step !== undefined);
};
