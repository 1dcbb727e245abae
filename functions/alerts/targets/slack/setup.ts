/** After deploy: one Slack app, with an incoming webhook per alert channel and its buttons calling Sundown back. */
import type { SetupStep } from '../../../commons/setup-step.ts';
import type { TargetSetupContext } from '../target-module.ts';

/** The app manifest: incoming webhooks for the alert channels, interactivity for the buttons. */
const slackManifest = (brand: string, interactivityUrl: string): Record<string, unknown> => ({
  display_information: {
    name: `Sundown ${brand}`.slice(0, 35),
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

export const slackSetup =
  (callback: { readonly path: string; readonly secret: { readonly name: string } }) =>
  (context: TargetSetupContext<{ readonly webhookUrlSecret: string }>): SetupStep | undefined => {
    const url = context.urlOf(callback.path);
    if (!url || context.targets.length === 0) return undefined;
    return {
      title: 'Slack: one app for the alert channels and the Acknowledge/Resolve buttons',
      lines: [
        '1. https://api.slack.com/apps > Create New App > From a manifest, paste:',
        ...JSON.stringify(slackManifest(context.brand, url), null, 2)
          .split('\n')
          .map((line) => `   ${line}`),
        `2. Basic Information > Signing Secret: ${context.storeSecret(callback.secret.name)}`,
        '3. Incoming Webhooks > Add New Webhook to Workspace, once per channel, and store each URL:',
        ...context.targets.map(({ name, config }) => `   ${name}: ${context.storeSecret(config.webhookUrlSecret)}`),
      ],
    };
  };
