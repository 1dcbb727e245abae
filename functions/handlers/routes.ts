/**
 * Every HTTP route, defined once: the CDK HTTP API and the local server are both built
 * from this table, so they cannot drift apart. The platform and callback routes are read off the
 * registries on each call, so a target registered after this module loaded has its route too.
 */
import { targetCallbacks } from '../alerts/targets/registry.ts';
import { PLATFORMS } from '../platforms/derived.ts';

export type HttpFunction = 'webhooks' | 'cases' | 'actions' | 'console';

/**
 * Who calls a route, which sets its own throttle on AWS (lib/constructs/http-api.ts), so junk on
 * one route cannot spend the budget platform deliveries need. `platform`: webhook
 * deliveries, which come in bursts; `integration`: Slack clicks (never retried) and PagerDuty
 * updates; `handshake`: subscription checks; `link`: people opening signed links; `operator`: the IAM API.
 */
export type RouteTraffic = 'platform' | 'integration' | 'handshake' | 'link' | 'operator';

export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** API Gateway syntax: `{name}` is a path parameter. */
  readonly path: string;
  readonly function: HttpFunction;
  /**
   * `iam` on AWS; open on loopback in the local stack. `jwt`: the team's sign-in token (Cognito on
   * AWS). `none` routes check a signature of their own: platforms and integrations sign requests,
   * alert links carry a signed token.
   */
  readonly auth: 'none' | 'iam' | 'jwt';
  readonly traffic: RouteTraffic;
}

const routeOf = (route: { readonly method: HttpRoute['method']; readonly path: string }) =>
  ({ method: route.method, path: route.path, function: 'webhooks', auth: 'none' }) as const;

/** Each platform's handshake and events routes, from the platform registry, all served by the webhook receiver. */
const platformRoutes = (): HttpRoute[] =>
  PLATFORMS.flatMap(({ routes: { handshake, events } }) => [
    ...(handshake ? [{ ...routeOf(handshake), traffic: 'handshake' as const }] : []),
    { ...routeOf(events), traffic: 'platform' as const },
  ]);

/** Each interactive alert target's callback route, from the target registry, all served by the actions function. */
const callbackRoutes = (): HttpRoute[] =>
  targetCallbacks().map(
    ({ callback }): HttpRoute => ({
      method: 'POST',
      path: callback.path,
      function: 'actions',
      auth: 'none',
      traffic: 'integration',
    }),
  );

/** Every route: the registries' platform and callback routes, then Sundown's own. */
export const httpRoutes = (): readonly HttpRoute[] => [...platformRoutes(), ...callbackRoutes(), ...OWN_ROUTES];

const OWN_ROUTES: readonly HttpRoute[] = [
  { method: 'GET', path: '/cases/{id}/view', function: 'actions', auth: 'none', traffic: 'link' },
  { method: 'GET', path: '/cases/{id}/ack', function: 'actions', auth: 'none', traffic: 'link' },
  { method: 'GET', path: '/cases/{id}/resolve', function: 'actions', auth: 'none', traffic: 'link' },
  { method: 'POST', path: '/cases/{id}/actions/{action}', function: 'actions', auth: 'none', traffic: 'link' },
  { method: 'GET', path: '/cases', function: 'cases', auth: 'jwt', traffic: 'operator' },
  { method: 'GET', path: '/cases/{id}', function: 'cases', auth: 'jwt', traffic: 'operator' },
  { method: 'POST', path: '/cases/{id}/handoff', function: 'cases', auth: 'jwt', traffic: 'operator' },
  { method: 'POST', path: '/cases/{id}/followups', function: 'cases', auth: 'jwt', traffic: 'operator' },
  { method: 'POST', path: '/cases/{id}/followups/{followUpId}', function: 'cases', auth: 'jwt', traffic: 'operator' },
  // The console page is static and holds no data: it signs in first, then calls the API below.
  { method: 'GET', path: '/console', function: 'console', auth: 'none', traffic: 'link' },
  { method: 'GET', path: '/console/cases', function: 'console', auth: 'jwt', traffic: 'operator' },
  ...(['assign', 'acknowledge', 'unsuppress'] as const).map(
    (action): HttpRoute => ({
      method: 'POST',
      path: `/console/cases/{id}/${action}`,
      function: 'console',
      auth: 'jwt',
      traffic: 'operator',
    }),
  ),
];

/** Entry files of each function, relative to the repository root. */
export const FUNCTION_ENTRIES = {
  webhooks: 'functions/handlers/webhooks.http.ts',
  cases: 'functions/handlers/cases.http.ts',
  actions: 'functions/handlers/actions.http.ts',
  console: 'functions/handlers/console.http.ts',
  intake: 'functions/handlers/intake.sqs.ts',
  timers: 'functions/handlers/timers.sqs.ts',
  alerts: 'functions/handlers/alerts.sqs.ts',
  sweeper: 'functions/handlers/sweeper.schedule.ts',
  alarms: 'functions/handlers/alarms.sns.ts',
} as const;
