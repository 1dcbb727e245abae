import { Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
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
import type { RouteTraffic } from '../../functions/handlers/routes.ts';

export interface RouteThrottle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the rate. */
  readonly burstLimit: number;
}

/**
 * Each route's own budget, by who calls it. Platforms deliver in bursts (a viral post, a backlog
 * after an outage): their routes absorb 1,000 requests/s with room for twice that at once. People
 * and subscription checks need far less, so junk on those routes is refused long before it could
 * matter, and never spends what the platform routes need.
 */
export const DEFAULT_ROUTE_THROTTLES: Readonly<Record<RouteTraffic, RouteThrottle>> = {
  platform: { rateLimit: 1_000, burstLimit: 2_000 },
  integration: { rateLimit: 50, burstLimit: 100 },
  link: { rateLimit: 20, burstLimit: 50 },
  operator: { rateLimit: 20, burstLimit: 40 },
  handshake: { rateLimit: 5, burstLimit: 10 },
};

export interface SundownHttpApiProps {
  readonly apiName: string;
  /** Steady-state requests per second of a route with no throttle of its own. @default 100 */
  readonly throttleRateLimit?: number;
  /** Requests allowed in a burst above the rate. @default 200 */
  readonly throttleBurstLimit?: number;
  /** Per-route limits by traffic class, over DEFAULT_ROUTE_THROTTLES. @default DEFAULT_ROUTE_THROTTLES */
  readonly routeThrottles?: Partial<Record<RouteTraffic, RouteThrottle>>;
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
  /** Which throttle the route gets. */
  readonly traffic: RouteTraffic;
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
  private readonly routeThrottles: Readonly<Record<RouteTraffic, RouteThrottle>>;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: SundownHttpApiProps) {
    super(scope, id);
    const rateLimit = props.throttleRateLimit ?? 100;
    const burstLimit = props.throttleBurstLimit ?? 200;
    this.validateThrottle('throttle', { rateLimit, burstLimit });
    this.routeThrottles = { ...DEFAULT_ROUTE_THROTTLES, ...props.routeThrottles };
    for (const [traffic, throttle] of Object.entries(this.routeThrottles)) {
      this.validateThrottle(`routeThrottles.${traffic}`, throttle);
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
    // The L2 stage has no per-route settings; filled as routes are added.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });
  }

  private validateThrottle(name: string, { rateLimit, burstLimit }: RouteThrottle): void {
    if (!(rateLimit > 0)) throw new Error(`${this.node.path}: ${name} rateLimit must be > 0, got ${rateLimit}`);
    if (!Number.isInteger(burstLimit) || burstLimit < 1) {
      throw new Error(`${this.node.path}: ${name} burstLimit must be a positive integer, got ${burstLimit}`);
    }
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
    const { rateLimit, burstLimit } = this.routeThrottles[options.traffic];
    for (const method of options.methods) {
      this.routeSettings[`${method} ${options.path}`] = {
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      };
    }
    for (const route of routes) {
      // A stage's route settings name routes that must exist first.
      this.stage.node.addDependency(route);
    }
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
