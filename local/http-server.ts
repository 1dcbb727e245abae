/**
 * Serves the HTTP routes on loopback the way API Gateway (HTTP API, payload v2) calls the
 * Lambda handlers: same route table, same event shape, raw body passed base64-encoded.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { HttpFunction, HttpRoute } from '../functions/handlers/routes.ts';
import { lambdaContext } from './sqs-poller.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined>;

/** API Gateway's own payload limit; the handlers enforce their smaller, configured one. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

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

const readBody = (request: IncomingMessage): Promise<Buffer | 'too_large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
};

const toEvent = (request: IncomingMessage, url: URL, matched: CompiledRoute, values: string[], body: Buffer) => {
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
    ...(matched.names.length > 0 && {
      pathParameters: Object.fromEntries(matched.names.map((name, i) => [name, decodeURIComponent(values[i] ?? '')])),
    }),
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

const serveLocalPage = async (response: ServerResponse, path: string, host: string) => {
  try {
    // Loaded on first use: the dashboard reads the store through the container, set up by then.
    const { serveDashboard } = await import('./dashboard.ts');
    const page = await serveDashboard(path, host);
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
}): Promise<{ readonly url: string; readonly server: Server; stop(): Promise<void> }> => {
  const compiled = options.routes.map(compile);
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const started = performance.now();
    if (request.method === 'GET' && LOCAL_PAGES.includes(url.pathname)) {
      await serveLocalPage(response, url.pathname, request.headers.host ?? 'localhost');
      return;
    }
    const candidates = compiled.filter((c) => c.pattern.test(url.pathname));
    const matched = candidates.find((c) => c.route.method === request.method);
    if (!matched) {
      const status = candidates.length > 0 ? 405 : 404;
      const message = status === 405 ? `method ${request.method} not allowed on ${url.pathname}` : 'no such route';
      send(
        response,
        status,
        JSON.stringify({ error: { code: status === 405 ? 'method_not_allowed' : 'not_found', message } }),
      );
      return;
    }
    const body = await readBody(request);
    if (body === 'too_large') {
      send(response, 413, JSON.stringify({ error: { code: 'body_too_large', message: 'request body too large' } }));
      return;
    }
    const values = matched.pattern.exec(url.pathname)?.slice(1) ?? [];
    try {
      const handler = options.handlers[matched.route.function];
      const result = await handler(toEvent(request, url, matched, values, body), lambdaContext(matched.route.function));
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
    options.onRequest?.(
      `${request.method} ${url.pathname} -> ${response.statusCode} (${Math.round(performance.now() - started)} ms)`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
