/**
 * `sundown setup` reads the outputs the synthesized service stack declares (here with a custom
 * domain, so their values are plain text) and prints each registration with those URLs.
 */
import { describe, expect, it } from 'vitest';
import { urlsFromOutputs } from '../../cli/deployment.ts';
import { setupCommand } from '../../cli/setup.ts';
import { repoConfigWith, synthSundown } from '../lib/sundown-templates.ts';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef';
const config = repoConfigWith({
  deployment: { domain: { name: 'support-hooks.example.com', certificateArn: CERTIFICATE } },
});
const outputs = Object.fromEntries(
  Object.entries(synthSundown({ stage: 'prod', config }).service.toJSON().Outputs as Record<string, { Value: unknown }>)
    .filter(([, output]) => typeof output.Value === 'string')
    .map(([name, output]) => [name, output.Value as string]),
);

const runSetup = (json = false) => {
  const lines: string[] = [];
  const code = setupCommand(
    { out: (text) => lines.push(text), err: (text) => lines.push(text) },
    { config, urls: urlsFromOutputs('prod', config, outputs), label: 'Sundown-prod', stackFlag: '--stack prod', json },
  );
  return { code, text: lines.join('\n') };
};

describe('sundown setup', () => {
  const { code, text } = runSetup();

  it('registers the X webhook at its URL and subscribes each brand account', () => {
    expect(code).toBe(0);
    expect(text).toContain(`-d '{"url":"https://support-hooks.example.com/webhooks/x"}'`);
    expect(text).toContain('/2/account_activity/webhooks/$WEBHOOK_ID/subscriptions/all');
    for (const account of config.accounts.filter((a) => a.channel === 'x'))
      expect(text).toContain(`@${account.handle}`);
  });

  it('names the Meta callback URL and the fields of each configured Meta channel', () => {
    expect(text).toContain('Callback URL https://support-hooks.example.com/webhooks/meta');
    expect(text).toMatch(/Page: feed, mention/);
    expect(text).toMatch(/Instagram: comments, mentions, messages/);
    expect(text).toMatch(/WhatsApp Business Account: messages/);
  });

  it('gives one Slack app manifest with incoming webhooks and the interactivity URL', () => {
    const { steps } = JSON.parse(runSetup(true).text) as { steps: { title: string; lines: string[] }[] };
    const slack = steps.find((step) => step.title.startsWith('Slack'));
    const start = slack?.lines.findIndex((line) => line.trim() === '{') ?? -1;
    const end = slack?.lines.findIndex((line) => line.startsWith('   }')) ?? -1;
    const manifest = JSON.parse(slack?.lines.slice(start, end + 1).join('\n') ?? '');

    expect(manifest.oauth_config.scopes.bot).toEqual(['incoming-webhook']);
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://support-hooks.example.com/integrations/slack/actions',
    });
  });

  it('subscribes PagerDuty webhooks to the callback URL and stores each Slack and PagerDuty secret by name', () => {
    expect(text).toContain('https://api.pagerduty.com/webhook_subscriptions');
    expect(text).toContain('https://support-hooks.example.com/integrations/pagerduty');
    for (const [, target] of Object.entries(config.targets)) {
      const secret =
        (target as { webhookUrlSecret?: string; routingKeySecret?: string }).webhookUrlSecret ??
        (target as { routingKeySecret?: string }).routingKeySecret;
      if (secret) expect(text).toContain(`npx sundown secrets set ${secret} --stack prod`);
    }
  });

  it('gives each inbound source its URL and ends with the checks', () => {
    for (const source of Object.keys(config.inboundSources)) {
      expect(text).toContain(`https://support-hooks.example.com/webhooks/inbound/${source}`);
    }
    expect(text.trimEnd().endsWith('npx sundown doctor --stack prod')).toBe(true);
  });

  it('names the output an older deployment lacks', () => {
    const { WebhooksXUrl: _dropped, ...older } = outputs;
    expect(() => urlsFromOutputs('prod', config, older)).toThrow(
      'stack output WebhooksXUrl is missing from Sundown-prod-Service',
    );
  });
});
