/** Issue 15, item 1: an output for every URL an admin registers, derived from the route table. */
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { publicEndpoints } from '../../lib/public-endpoints.ts';
import { repoConfigWith, synthSundown } from './sundown-templates.ts';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef';

describe('stack outputs for the URLs to register', () => {
  const config = repoConfigWith({
    deployment: { domain: { name: 'support-hooks.example.com', certificateArn: CERTIFICATE } },
  });
  const { service } = synthSundown({ stage: 'prod', config });
  const outputs = service.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;

  it('outputs the X, Meta, each inbound source, Slack actions, PagerDuty and case page URLs', () => {
    const sources = Object.keys(config.inboundSources);
    expect(sources.length).toBeGreaterThan(0);

    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'WebhooksXUrl',
        'WebhooksMetaUrl',
        ...sources.map((s) => `WebhooksInbound${s[0]?.toUpperCase()}${s.slice(1)}Url`),
        'IntegrationsSlackActionsUrl',
        'IntegrationsPagerdutyUrl',
        'CasesViewUrl',
        'PublicUrl',
        'ApiUrl',
      ]),
    );
  });

  it("gives each endpoint of the route table an output whose value is the endpoint's path on the public URL", () => {
    const endpoints = publicEndpoints(httpRoutes(), Object.keys(config.inboundSources));

    for (const endpoint of endpoints) {
      expect(outputs[endpoint.outputName]?.Value, endpoint.outputName).toBe(
        `https://support-hooks.example.com${endpoint.path}`,
      );
      expect(outputs[endpoint.outputName]?.Description).toContain(endpoint.path);
    }
  });

  it('outputs no URL for the IAM-signed operator routes, which nobody registers', () => {
    const values = Object.values(outputs).map((o) => JSON.stringify(o.Value));

    expect(values.filter((v) => v.endsWith('/cases"') || v.includes('/followups'))).toEqual([]);
  });

  it('adds an output when the config gains an inbound source', () => {
    const withSource = repoConfigWith({
      inboundSources: { ...config.inboundSources, 'call-centre': { channel: 'phone' } },
    });

    const { service: grown } = synthSundown({ stage: 'prod', config: withSource });

    expect(Object.keys(grown.toJSON().Outputs)).toContain('WebhooksInboundCallCentreUrl');
  });
});
