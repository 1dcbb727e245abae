/**
 * Adapters that load their AWS client with their first use (functions/adapters/sqs/deferred.ts,
 * eventbridge/deferred-publisher.ts) must work from a function's bundle as deployed: the module they
 * import() is inside the bundle, and the client comes from the runtime's SDK. Bundled as cdk deploy
 * bundles, run in a process of its own against a local HTTP server answering SQS and EventBridge.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sundownEsbuildOptions } from '../../lib/constructs/bundling.ts';
import { repoConfig } from './sundown-templates.ts';

const root = path.resolve(import.meta.dirname, '../..');
// A fresh clone has no node_modules/.cache until some tool makes it, and the files run in any order.
const cacheDir = path.join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(path.join(cacheDir, 'lazy-loads-'));
const received: { target: string; body: Record<string, unknown> }[] = [];
let server: Server;
let endpoint: string;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']);
      const body = JSON.parse(text);
      received.push({ target, body });
      const answer =
        target === 'AmazonSQS.SendMessage'
          ? { MessageId: 'm-1', MD5OfMessageBody: md5(String(body.MessageBody)) }
          : { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] };
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

const ENTRY = `
import { deferredEventBridgePublisher } from './functions/adapters/eventbridge/deferred-publisher.ts';
import { deferredDeadLetters } from './functions/adapters/sqs/deferred.ts';
const clients = () => Object.keys(require.cache).filter((file) => /client-(sqs|eventbridge)\\//.test(file)).length;
const atStart = clients();
await deferredDeadLetters(process.env.DLQ_URL).park('{"case":1}', 'never valid', { sourceMessageId: 'm-0' });
const event = { id: '01JLAZY', type: 'CaseOpened', version: 1, caseId: 'c-1', at: '2026-12-06T20:00:00.000Z', detail: {} };
await deferredEventBridgePublisher('sundown-bus').publish([event]);
console.log(JSON.stringify({ atStart, afterFirstUse: clients() }));
`;

describe('adapters that load their client on first use, bundled as deployed', () => {
  it('load no SQS or EventBridge client at start, then park and publish on their first call', async () => {
    // Prepare
    const outfile = path.join(outDir, 'index.mjs');
    await build({
      ...sundownEsbuildOptions(repoConfig()),
      stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'lazy-loads-entry.ts', loader: 'ts' },
      outfile,
      logLevel: 'silent',
    });
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      SQS_ENDPOINT: endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
      DLQ_URL: `${endpoint}/000000000000/intake-dlq`,
    };

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, [outfile], { env, encoding: 'utf8' });

    // Assess
    expect(JSON.parse(stdout)).toEqual({ atStart: 0, afterFirstUse: 2 });
    expect(received.map((call) => call.target)).toEqual(['AmazonSQS.SendMessage', 'AWSEvents.PutEvents']);
    expect(received[0]?.body).toMatchObject({
      QueueUrl: `${endpoint}/000000000000/intake-dlq`,
      MessageBody: '{"case":1}',
      MessageAttributes: { reason: { DataType: 'String', StringValue: 'never valid' } },
    });
    expect(received[1]?.body).toMatchObject({ Entries: [{ EventBusName: 'sundown-bus', DetailType: 'CaseOpened' }] });
  });
});
