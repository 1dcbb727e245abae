import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  type HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface SundownHttpApiProps {
  readonly apiName: string;
  /** Steady-state requests per second across the stage. @default 100 */
  readonly throttleRateLimit?: number;
  /** Requests allowed in a burst above the rate. @default 200 */
  readonly throttleBurstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
}

export interface SundownRouteOptions {
  readonly path: string;
  readonly methods: HttpMethod[];
  readonly handler: IFunction;
  /**
   * `iam`: callers sign with SigV4. `none`: the handler authenticates the request itself
   * (platform webhooks carry their own signatures). Required, so every route says which.
   */
  readonly authorization: 'iam' | 'none';
}

const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

/** An HTTP API with one throttled, access-logged `$default` stage and explicit per-route auth. */
export class SundownHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();
  private readonly iamAuthorizer = new HttpIamAuthorizer();

  constructor(scope: Construct, id: string, props: SundownHttpApiProps) {
    super(scope, id);
    const rateLimit = props.throttleRateLimit ?? 100;
    const burstLimit = props.throttleBurstLimit ?? 200;
    if (!(rateLimit > 0)) throw new Error(`${this.node.path}: throttleRateLimit must be > 0, got ${rateLimit}`);
    if (!Number.isInteger(burstLimit) || burstLimit < 1) {
      throw new Error(`${this.node.path}: throttleBurstLimit must be a positive integer, got ${burstLimit}`);
    }

    this.api = new HttpApi(this, 'Api', { apiName: props.apiName, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The invoke URL of the `$default` stage, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }

  addRoutes(options: SundownRouteOptions): void {
    const routes = this.api.addRoutes({
      path: options.path,
      methods: options.methods,
      integration: this.integrationFor(options.handler),
      authorizer: options.authorization === 'iam' ? this.iamAuthorizer : new HttpNoneAuthorizer(),
    });
    if (options.authorization !== 'none') return;
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Called by platforms (X, Meta, Slack, PagerDuty, Standard Webhooks senders) or from signed alert links, which cannot sign with AWS credentials; the handler verifies the HMAC signature or the signed, expiring token before doing anything.',
      });
    }
  }

  private integrationFor(handler: IFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(handler);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${handler.node.id}Integration`, handler);
      this.integrations.set(handler, integration);
    }
    return integration;
  }
}
