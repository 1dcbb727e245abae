import { Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  type HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IDomainName,
  type IHttpApi,
  type IHttpRouteAuthorizer,
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
 * after an outage): their routes take 1,000 requests/s with room for twice that at once, which one
 * receiver instance per ~20 concurrent requests answers well inside the account's Lambda limit.
 * People and subscription checks need far less, so junk on those routes is refused long before it
 * could matter, and never spends what the platform routes need.
 */
export const DEFAULT_ROUTE_THROTTLES: Readonly<Record<RouteTraffic, RouteThrottle>> = {
  platform: { rateLimit: 1_000, burstLimit: 2_000 },
  integration: { rateLimit: 50, burstLimit: 100 },
  link: { rateLimit: 20, burstLimit: 50 },
  operator: { rateLimit: 20, burstLimit: 40 },
  handshake: { rateLimit: 5, burstLimit: 10 },
};

export interface SundownApiStageProps {
  /** The API of the stateful stack (SundownHttpApi). */
  readonly api: IHttpApi;
  /** Its custom domain, mapped to this stage. @default - none */
  readonly domainName?: IDomainName;
  /** Steady-state requests per second of a route with no throttle of its own. @default 100 */
  readonly throttleRateLimit?: number;
  /** Requests allowed in a burst above the rate. @default 200 */
  readonly throttleBurstLimit?: number;
  /** Per-route limits by traffic class, over DEFAULT_ROUTE_THROTTLES. @default DEFAULT_ROUTE_THROTTLES */
  readonly routeThrottles?: Partial<Record<RouteTraffic, RouteThrottle>>;
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
  /** Checks the team's sign-in tokens on `jwt` routes. @default - no `jwt` route may be added */
  readonly jwtAuthorizer?: IHttpRouteAuthorizer;
}

export interface SundownRouteOptions {
  readonly path: string;
  readonly methods: HttpMethod[];
  readonly handler: IFunction;
  /**
   * `iam`: callers sign with SigV4. `none`: the handler authenticates the request itself
   * (platform webhooks carry their own signatures). Required, so every route says which.
   */
  readonly authorization: 'iam' | 'jwt' | 'none';
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

/**
 * The service side of the API: one throttled, access-logged `$default` stage (mapped to the custom
 * domain when there is one), the routes with explicit per-route auth, and their Lambda
 * integrations. Per-route throttles are stage settings that name routes, so the stage deploys
 * after the routes, here in the same stack; the API and its URL stay in the stateful stack.
 */
export class SundownApiStage extends Construct {
  readonly stage: HttpStage;
  private readonly api: IHttpApi;
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();
  private readonly iamAuthorizer = new HttpIamAuthorizer();
  private readonly jwtAuthorizer?: IHttpRouteAuthorizer;
  private readonly routeThrottles: Readonly<Record<RouteTraffic, RouteThrottle>>;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: SundownApiStageProps) {
    super(scope, id);
    this.api = props.api;
    this.jwtAuthorizer = props.jwtAuthorizer;
    const rateLimit = props.throttleRateLimit ?? 100;
    const burstLimit = props.throttleBurstLimit ?? 200;
    this.validateThrottle('throttle', { rateLimit, burstLimit });
    this.routeThrottles = { ...DEFAULT_ROUTE_THROTTLES, ...props.routeThrottles };
    for (const [traffic, throttle] of Object.entries(this.routeThrottles)) {
      this.validateThrottle(`routeThrottles.${traffic}`, throttle);
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: props.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      ...(props.domainName && { domainMapping: { domainName: props.domainName } }),
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

  addRoutes(options: SundownRouteOptions): void {
    const { rateLimit, burstLimit } = this.routeThrottles[options.traffic];
    for (const method of options.methods) {
      const route = new HttpRoute(this, `${method}${options.path}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(options.path, method),
        integration: this.integrationFor(options.handler),
        authorizer: this.authorizerFor(options),
      });
      this.routeSettings[`${method} ${options.path}`] = {
        ThrottlingRateLimit: rateLimit,
        ThrottlingBurstLimit: burstLimit,
      };
      // A stage's route settings name routes that must exist first.
      this.stage.node.addDependency(route);
      if (options.authorization !== 'none') continue;
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Called by the webhook platforms, interactive alert targets and Standard Webhooks senders, or from signed alert links, which cannot sign with AWS credentials; the handler verifies the HMAC signature or the signed, expiring token before doing anything.',
      });
    }
  }

  private authorizerFor(options: SundownRouteOptions): IHttpRouteAuthorizer {
    if (options.authorization === 'iam') return this.iamAuthorizer;
    if (options.authorization === 'none') return new HttpNoneAuthorizer();
    if (!this.jwtAuthorizer) {
      throw new Error(`${this.node.path}: route ${options.path} needs sign-in; pass jwtAuthorizer to the stage`);
    }
    return this.jwtAuthorizer;
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
