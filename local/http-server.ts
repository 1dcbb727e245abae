/**
 * Serves the HTTP routes on loopback the way API Gateway (HTTP API, payload v2) calls the
 * Lambda handlers: same route table, same event shape, raw body passed base64-encoded.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpFunction, HttpRoute } from '../functions/handlers/routes.ts';
import { readBody } from './request-body.ts';
import { lambdaContext } from './sqs-poller.ts';
import { authorizerClaims, bearerOf, checkTeamToken, type TeamTokenCheck } from './team-token.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

/** API Gateway's own payload limit; the handlers enforce their smaller, configured one. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway gives a client 30 s; a local upload that trickles longer than this is cut off. */
const BODY_TIMEOUT_MS = 10_000;

interface CompiledRoute {
  readonly route: HttpRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const compile = (route: HttpRoute): CompiledRoute => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
};

const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
};

const toEvent = (
  request: IncomingMessage,
  url: URL,
  matched: CompiledRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
  claims?: Record<string, string>,
) => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: `${matched.route.method} ${matched.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search && { queryStringParameters: query }),
    ...(matched.names.length > 0 && { pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${matched.route.method} ${matched.route.path}`,
      ...(claims && { authorizer: { jwt: { claims, scopes: [] } } }),
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: body.toString('base64') }),
    isBase64Encoded: body.length > 0,
  };
  return event;
};

/** Local-only pages (the dashboard), served beside the API routes and never deployed. */
const LOCAL_PAGES: readonly string[] = ['/', '/local/cases.json'];

/** The path only: query strings carry link tokens, which do not belong in a log. */
const pathOf = (request: IncomingMessage): string => new URL(request.url ?? '/', 'http://localhost').pathname;

const sendError = (response: ServerResponse, status: number, code: string, message: string, field?: string) =>
  send(response, status, JSON.stringify({ error: { code, message, ...(field && { field }) } }));

/** API Gateway decodes path parameters; a segment that is not valid percent-encoding is the client's mistake. */
const decodePathParameters = (
  matched: CompiledRoute,
  path: string,
): { readonly values: Record<string, string> } | { readonly bad: string } => {
  const raw = matched.pattern.exec(path)?.slice(1) ?? [];
  const values: Record<string, string> = {};
  for (const [i, name] of matched.names.entries()) {
    try {
      values[name] = decodeURIComponent(raw[i] ?? '');
    } catch {
      return { bad: name };
    }
  }
  return { values };
};

/**
 * The hosts this server answers for: its own address, `localhost` on its port, and the host of
 * the configured public base URL (a tunnel). Links and redirects are built from the Host header,
 * so a request naming any other host is refused before a handler sees it.
 */
const hostsServed = (url: string, publicBaseUrl: string | undefined): ReadonlySet<string> => {
  const own = new URL(url);
  const hosts = [own.host, `localhost:${own.port}`];
  if (publicBaseUrl) hosts.push(new URL(publicBaseUrl).host);
  return new Set(hosts.map((host) => host.toLowerCase()));
};

/** A local-only page (the dashboard, local/dashboard.ts): its status, headers and body. */
export type LocalPages = (
  url: URL,
  host: string,
) => Promise<{ readonly status: number; readonly headers: Record<string, string>; readonly body: string }>;

const serveLocalPage = async (response: ServerResponse, url: URL, host: string, pages: LocalPages | undefined) => {
  try {
    if (!pages) return sendError(response, 404, 'not_found', `no local page ${url.pathname}`);
    const page = await pages(url, host);
    response.writeHead(page.status, page.headers);
    response.end(page.body);
  } catch (error) {
    send(response, 500, JSON.stringify({ error: { code: 'dashboard', message: (error as Error).message } }));
  }
};

export const startHttpServer = async (options: {
  readonly port: number;
  readonly host?: string;
  readonly routes: readonly HttpRoute[];
  readonly handlers: Readonly<Record<HttpFunction, HttpHandler>>;
  readonly onRequest?: (line: string) => void;
  /** The config's `publicBaseUrl`: requests naming its host are served too. */
  readonly publicBaseUrl?: string;
  /** @default 10 s */
  readonly bodyTimeoutMs?: number;
  /** How `jwt` routes check the team's sign-in token; without it every `jwt` route answers 401. */
  readonly teamSignIn?: TeamTokenCheck;
  /** Serves `/` and `/local/cases.json`. @default none: 404 */
  readonly localPages?: LocalPages;
}): Promise<{ readonly url: string; readonly server: Server; stop(): Promise<void> }> => {
  const compiled = options.routes.map(compile);
  let served: ReadonlySet<string> = new Set();
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const host = (request.headers.host ?? '').toLowerCase();
    if (!served.has(host)) {
      const expected = [...served].join(' or ');
      sendError(
        response,
        421,
        'misdirected_request',
        `header host: "${host}" is not this server (${expected})`,
        'host',
      );
      return;
    }
    if (request.method === 'GET' && LOCAL_PAGES.includes(url.pathname)) {
      await serveLocalPage(response, url, host, options.localPages);
      return;
    }
    const candidates = compiled.filter((c) => c.pattern.test(url.pathname));
    const matched = candidates.find((c) => c.route.method === request.method);
    if (!matched) {
      if (candidates.length > 0) {
        sendError(response, 405, 'method_not_allowed', `method ${request.method} not allowed on ${url.pathname}`);
      } else sendError(response, 404, 'not_found', 'no such route');
      return;
    }
    const decoded = decodePathParameters(matched, url.pathname);
    if ('bad' in decoded) {
      sendError(
        response,
        400,
        'invalid_path',
        `path parameter ${decoded.bad}: malformed percent-encoding`,
        decoded.bad,
      );
      return;
    }
    let claims: Record<string, string> | undefined;
    if (matched.route.auth === 'jwt') {
      const checked = options.teamSignIn
        ? await checkTeamToken(bearerOf(request.headers.authorization), options.teamSignIn)
        : { rejected: 'no issuer configured' };
      // API Gateway's JWT authorizer answers exactly this, and never says why.
      if ('rejected' in checked) {
        send(response, 401, JSON.stringify({ message: 'Unauthorized' }), { 'www-authenticate': 'Bearer' });
        return;
      }
      claims = authorizerClaims(checked.claims);
    }
    const read = await readBody(request, {
      maxBytes: MAX_BODY_BYTES,
      timeoutMs: options.bodyTimeoutMs ?? BODY_TIMEOUT_MS,
    });
    if (read.kind === 'aborted') return;
    if (read.kind === 'timeout') {
      response.setHeader('connection', 'close');
      const seconds = (options.bodyTimeoutMs ?? BODY_TIMEOUT_MS) / 1000;
      sendError(response, 408, 'request_timeout', `request body did not arrive within ${seconds} s`);
      return;
    }
    if (read.kind === 'too_large') {
      sendError(response, 413, 'body_too_large', 'request body too large');
      return;
    }
    try {
      const handler = options.handlers[matched.route.function];
      const event = toEvent(request, url, matched, decoded.values, read.body, claims);
      const result = await handler(event, lambdaContext(matched.route.function));
      if (typeof result === 'string' || result === undefined) {
        send(response, 200, result ?? '');
      } else {
        const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
        response.writeHead(result.statusCode ?? 200, headers);
        response.end(payload);
      }
    } catch {
      // API Gateway answers 500 when the function itself fails.
      send(response, 500, JSON.stringify({ message: 'Internal Server Error' }));
    }
  };
  const server = createServer(async (request, response) => {
    const started = performance.now();
    try {
      await answer(request, response);
    } catch {
      // A client that went away mid-answer: its socket is gone, the server stays up.
      if (!response.headersSent && !response.destroyed) sendError(response, 500, 'internal', 'internal error');
    }
    if (!response.writableEnded) request.destroy();
    options.onRequest?.(
      `${request.method} ${pathOf(request)} -> ${response.statusCode} (${Math.round(performance.now() - started)} ms)`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  served = hostsServed(url, options.publicBaseUrl);
  return {
    url,
    server,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
