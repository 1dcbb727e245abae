/**
 * The local server holds DynamoDB Local, the SQS emulator and every in-memory case: one bad
 * client must cost one request, never the process; and it must not build signed links or
 * redirects for a host that is not its own.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const BODY_TIMEOUT_MS = 500;

/** A raw HTTP/1.1 exchange: writes `head` and `body`, then closes or waits for the answer. */
const rawExchange = (url: string, text: string, options: { hangUp: boolean }): Promise<string> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => {
      socket.write(text);
      if (options.hangUp) {
        socket.destroy();
        resolve('');
      }
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });

/** A GET naming `host` in its Host header (fetch cannot set that header). */
const getWithHost = (url: string, host: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const sent = request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: { host } },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.on('error', reject);
    sent.end();
  });

describe('the local server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ bodyTimeoutMs: BODY_TIMEOUT_MS });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps serving after a client announces 10 bytes, sends 3 and hangs up', async () => {
    // Prepare
    const host = new URL(stack.url).host;
    const aborted = `POST /webhooks/inbound/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\nabc`;
    // The server shares this process: what would kill `npm start` shows up here.
    const uncaught: unknown[] = [];
    const record = (reason: unknown) => uncaught.push(reason);
    process.on('unhandledRejection', record);

    // Act
    await Promise.all(Array.from({ length: 5 }, () => rawExchange(stack.url, aborted, { hangUp: true })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await stack.get('/cases');
    process.off('unhandledRejection', record);

    // Assess
    expect(uncaught).toEqual([]);
    expect(after.status).toBe(200);
  });

  it('answers 408 to an upload that stops arriving, and closes the connection', async () => {
    const host = new URL(stack.url).host;
    const slow = `POST /webhooks/inbound/chat HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\nabc`;

    const started = Date.now();
    const answer = await rawExchange(stack.url, slow, { hangUp: false });

    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"request_timeout"');
    expect(Date.now() - started).toBeLessThan(BODY_TIMEOUT_MS + 5_000);
  });

  it('refuses a request naming a foreign Host with 421, before building any link', async () => {
    const foreign = await getWithHost(`${stack.url}/local/cases.json`, 'evil.example');
    const own = await getWithHost(`${stack.url}/local/cases.json`, new URL(stack.url).host);

    expect(foreign.status).toBe(421);
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'misdirected_request', field: 'host' } });
    expect(foreign.body).not.toContain('token=');
    expect(own.status).toBe(200);
  });

  it('refuses a foreign Host on the signed-link routes too', async () => {
    const view = await getWithHost(`${stack.url}/cases/01JD3K6N4ZQ8W5T2X7V9B1C0FE/view?token=x`, 'evil.example:80');

    expect(view.status).toBe(421);
  });

  it.each(['/cases/%ZZ', '/cases/%E0%A4%A/view?token=x'])(
    'answers GET %s (bad percent-encoding) with 400 naming the path parameter',
    async (path) => {
      const answer = await stack.get(path);

      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 'invalid_path', field: 'id' } });
    },
  );
});
