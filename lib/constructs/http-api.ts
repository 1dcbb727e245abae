import { Stack, Token } from 'aws-cdk-lib';
import { DomainName, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { DomainConfig } from '../../functions/config/deployment-schema.ts';

export interface SundownHttpApiProps {
  readonly apiName: string;
  /** A custom domain for the API. @default - none: the execute-api URL is the public one */
  readonly domain?: DomainConfig;
}

/**
 * Sundown's front door: the HTTP API and its optional custom domain. It lives in the stateful
 * stack because its URL is registered with X, Meta, Slack and PagerDuty and written into every
 * link already sent; the service stack adds the stage, routes and integrations to it
 * (SundownApiStage), so deploying or rebuilding the service never changes the URL.
 * Construct ids here are a contract.
 */
export class SundownHttpApi extends Construct {
  readonly api: HttpApi;
  readonly domainName?: DomainName;
  readonly certificate?: ICertificate;
  /** The execute-api URL of the `$default` stage, ending in `/`. */
  readonly url: string;
  /** Where platforms and people reach Sundown, ending in `/`: the custom domain when set. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: SundownHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    const stack = Stack.of(this);
    this.url = `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/`;
    this.publicUrl = props.domain ? `https://${props.domain.name}/` : this.url;
    if (!props.domain) return;

    const { name, certificateArn, hostedZone } = props.domain;
    const zone =
      hostedZone &&
      HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: hostedZone.id, zoneName: hostedZone.name });
    if (certificateArn) {
      const certificateRegion = certificateArn.split(':')[3];
      if (!Token.isUnresolved(stack.region) && certificateRegion !== stack.region) {
        throw new Error(
          `deployment.domain.certificateArn is in ${certificateRegion}, but API Gateway needs the certificate in ${stack.region}, the region Sundown is deployed to: request or import one there`,
        );
      }
      this.certificate = Certificate.fromCertificateArn(this, 'Certificate', certificateArn);
    } else {
      this.certificate = new Certificate(this, 'Certificate', {
        domainName: name,
        validation: CertificateValidation.fromDns(zone),
      });
    }
    this.domainName = new DomainName(this, 'Domain', { domainName: name, certificate: this.certificate });
    if (zone) {
      new ARecord(this, 'DomainRecord', {
        zone,
        recordName: name,
        target: RecordTarget.fromAlias(
          new ApiGatewayv2DomainProperties(this.domainName.regionalDomainName, this.domainName.regionalHostedZoneId),
        ),
      });
    }
  }
}
