/**
 * The team console: GET /console is the static page (open: it holds no data), every other route
 * is the console API behind the JWT authorizer (console-routes.ts).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpResult, httpErrors } from '../commons/http.ts';
import { flushMetrics } from '../commons/metrics.ts';
import { once } from '../commons/once.ts';
import { composeConsole, consoleSignIn } from '../roots/console.ts';
import type { Substitutes } from '../roots/parts.ts';
import { renderConsole } from '../views/console-page.ts';
import { CONSOLE_SCRIPT } from '../views/console-script.ts';
import { htmlSecurityHeaders } from '../views/security-headers.ts';
import { consoleRoutes } from './console-routes.ts';

const consolePage = (): HttpResult => {
  const signIn = consoleSignIn();
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...htmlSecurityHeaders({ scripts: [CONSOLE_SCRIPT], connectOrigins: [new URL(signIn.tokenUrl).origin] }),
    },
    body: renderConsole(signIn),
  };
};

export const createHandler = (substitutes: Substitutes = {}) => {
  const root = once(() => composeConsole(substitutes));
  const api = consoleRoutes(root);
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(flushMetrics(() => root().metrics))
    .use(httpErrors())
    .handler(async (event) => (event.routeKey === 'GET /console' ? consolePage() : api(event)));
};

export const handler = createHandler();
