/**
 * Issue 15, item 2: the API whose URL platforms and alert links hold lives in the stateful stack,
 * with its optional custom domain, so no service deploy can replace it; the service stack only
 * adds the stage, routes and integrations.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/commons/errors.ts';
import {
  environmentOf,
  logicalIdOf,
  type Resource,
  repoConfigWith,
  resolveCrossStack,
  resourcesOf,
  synthSundown,
} from './sundown-templates.ts';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef';
const withDomain = (domain: Record<string, unknown>) => repoConfigWith({ deployment: { domain } });

describe('the front door', () => {
  const plain = synthSundown({ stage: 'prod' });

  it('keeps the HTTP API in the stateful stack and only its stage, routes and integrations in the service stack', () => {
    expect(resourcesOf(plain.state, 'AWS::ApiGatewayV2::Api')).toHaveLength(1);
    expect(resourcesOf(plain.service, 'AWS::ApiGatewayV2::Api')).toEqual([]);
    const apiId = { Ref: logicalIdOf(plain.stacks.state.httpApi.api) };
    for (const type of ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration']) {
      const found = resourcesOf(plain.service, type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, resource] of found)
        expect(resolveCrossStack(resource.Properties.ApiId, plain.state), id).toEqual(apiId);
    }
  });

  it('keeps the API under the logical id it was first deployed with: a new id would be a new URL', () => {
    expect(logicalIdOf(plain.stacks.state.httpApi.api)).toBe('HttpApi9292168F');
  });

  it('leaves the stateful stack untouched when everything the service stack is built from changes', () => {
    // Prepare: another log level, tracing, stage throttle and set of alert targets.
    const changed = synthSundown({
      stage: 'prod',
      logLevel: 'DEBUG',
      tracing: true,
      config: repoConfigWith({ alerts: { linkTtl: 'PT1H' } }),
    });

    // Assess
    expect(JSON.stringify(changed.service.toJSON())).not.toEqual(JSON.stringify(plain.service.toJSON()));
    expect(changed.state.toJSON()).toEqual(plain.state.toJSON());
  });

  it('serves on the execute-api URL and links to it when no domain is configured', () => {
    expect(resourcesOf(plain.state, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
    expect(resourcesOf(plain.service, 'AWS::ApiGatewayV2::ApiMapping')).toEqual([]);
    const publicUrl = JSON.stringify(resolveCrossStack(plain.service.toJSON().Outputs.PublicUrl.Value, plain.state));
    expect(publicUrl).toContain('.execute-api.');
  });

  describe('with deployment.domain and an ACM certificate', () => {
    const config = withDomain({ name: 'support-hooks.example.com', certificateArn: CERTIFICATE });
    const synth = synthSundown({ stage: 'prod', config, env: { account: '123456789012', region: 'eu-west-1' } });

    it('gives the API that name with that certificate, in the stateful stack', () => {
      synth.state.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: 'support-hooks.example.com',
        DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL' })],
      });
      expect(resourcesOf(synth.service, 'AWS::ApiGatewayV2::DomainName')).toEqual([]);
      synth.state.hasOutput('CustomDomainTarget', { Value: Match.anyValue() });
    });

    it('maps the domain to the $default stage of the service stack', () => {
      const [[mappingId, mapping]] = resourcesOf(synth.service, 'AWS::ApiGatewayV2::ApiMapping') as [
        [string, Resource],
      ];
      const domainId = logicalIdOf(synth.stacks.state.httpApi.domainName as never);

      expect(resolveCrossStack(mapping.Properties.DomainName, synth.state)).toEqual({ Ref: domainId });
      expect(mapping.Properties.Stage).toBe('$default');
      expect(synth.service.toJSON().Resources[mappingId].DependsOn).toContain(
        logicalIdOf(synth.stacks.service.httpApi.stage),
      );
    });

    it('puts the domain in the links of alerts and pages and in every URL output', () => {
      const alertWorker = environmentOf(synth.service, logicalIdOf(synth.stacks.service.alertWorker));
      expect(alertWorker.PUBLIC_BASE_URL).toBe('https://support-hooks.example.com/');
      expect(synth.stacks.service.config.publicBaseUrl).toBe('https://support-hooks.example.com/');
      synth.service.hasOutput('WebhooksXUrl', { Value: 'https://support-hooks.example.com/webhooks/x' });
      synth.service.hasOutput('PublicUrl', { Value: 'https://support-hooks.example.com/' });
    });

    it('refuses a certificate from another region than the stack, naming both', () => {
      expect(() =>
        synthSundown({ stage: 'prod', config, env: { account: '123456789012', region: 'us-east-1' } }),
      ).toThrow(/certificateArn is in eu-west-1, but API Gateway needs the certificate in us-east-1/);
    });
  });

  it('creates a DNS-validated certificate and the alias record in a configured Route 53 zone', () => {
    const zone = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' };
    const synth = synthSundown({ stage: 'prod', config: withDomain({ name: 'hooks.example.com', hostedZone: zone }) });

    synth.state.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'hooks.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'hooks.example.com', HostedZoneId: zone.id }],
    });
    synth.state.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'hooks.example.com.',
      Type: 'A',
      HostedZoneId: zone.id,
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });

  it.each([
    [{ name: 'hooks.example.com' }, /deployment\.domain: give certificateArn .* or hostedZone/],
    [
      { name: 'https://hooks.example.com', certificateArn: CERTIFICATE },
      /deployment\.domain\.name: must be a lower-case host name/,
    ],
    [
      { name: 'hooks.example.com', certificateArn: 'arn:aws:iam::1:cert/x' },
      /deployment\.domain\.certificateArn: must be an ACM certificate ARN/,
    ],
    [
      { name: 'hooks.example.com', hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.org' } },
      /deployment\.domain\.hostedZone\.name: zone "example\.org" does not hold "hooks\.example\.com"/,
    ],
  ])('refuses the domain %j with a message naming the field', (domain, message) => {
    expect(() => withDomain(domain)).toThrow(ConfigError);
    expect(() => withDomain(domain)).toThrow(message);
  });
});
