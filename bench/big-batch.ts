/**
 * One Meta delivery of 5,000 WhatsApp messages (the official sample's message shape, ids varied;
 * about 900 KB) through the webhook receiver's handler, against the SQS emulator in its own
 * process: how long until the receiver answers 200 with every message queued, against the
 * deployed receiver's 10 s timeout. Issue 13, finding 6. See bench/README.md.
 *
 *   npm run bench:big-batch -- [--messages 5000] [--runs 3]
 */

import './support/production-output.ts';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SEND_CONCURRENCY } from '../functions/adapters/sqs/send-batch.ts';
import { lambdaContext } from '../local/sqs-poller.ts';
import { whatsappDelivery } from '../test/fixtures/big-deliveries.ts';
import { signMeta } from '../test/fixtures/build.ts';
import { deleteAll, receiveAll } from './support/drive.ts';
import { count, measured, ms, printHeadlines, table } from './support/figures.ts';
import { load, machine } from './support/machine.ts';
import { divertedSummary } from './support/production-output.ts';
import { SECRETS, startMeasuringStack } from './support/stack.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const messages = Number(values.messages);
const runs = Number(values.runs);
if (!Number.isInteger(messages) || messages <= 0) throw new Error(`--messages must be a positive whole number`);
if (!Number.isInteger(runs) || runs <= 0) throw new Error(`--runs must be a positive whole number`);
const progress = (line: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`);

const metaEvent = (body: string): APIGatewayProxyEventV2 => {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/meta',
    rawPath: '/webhooks/meta',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'bench.local', ...signMeta(body, SECRETS.META_APP_SECRET) },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench.local',
      domainPrefix: 'bench',
      http: { method: 'POST', path: '/webhooks/meta', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: 'POST /webhooks/meta',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
};

const stack = await startMeasuringStack({ tableName: `bench-big-batch-${randomUUID()}` });
const rows: string[][] = [];
const answerMs: number[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const body = JSON.stringify(whatsappDelivery(messages));
    let status = 0;
    const { wallMs, cpuMs } = await measured(async () => {
      status = (await stack.receiver(metaEvent(body), lambdaContext('webhooks'))).statusCode ?? 0;
    });
    answerMs.push(status === 200 ? wallMs : Number.POSITIVE_INFINITY);
    const depth = await stack.queueDepth('intake');
    progress(`run ${run}: ${status} in ${ms(wallMs)}, ${depth} messages on the intake queue`);
    rows.push([String(run), count(Buffer.byteLength(body)), String(status), ms(wallMs), ms(cpuMs), count(depth)]);
    await deleteAll(stack, await receiveAll(stack));
  }
} finally {
  await stack.stop();
}

console.log(
  table(
    `Receiver, one Meta delivery of ${count(messages)} WhatsApp messages, ${SEND_CONCURRENCY} SQS calls in flight (${machine()}, load ${load()})`,
    ['run', 'body bytes', 'status', 'time to answer', 'receiver CPU', 'queued'],
    rows,
  ),
);
console.log(divertedSummary());
printHeadlines('big-batch', [
  {
    figure: `One Meta delivery of ${count(messages)} messages: slowest 200 over ${runs} runs`,
    value: Math.max(...answerMs) / 1000,
    unit: 's',
    // The deployed receiver's timeout.
    goal: { atMost: 10 },
    command: `npm run bench:big-batch -- --messages ${messages} --runs ${runs}`,
  },
]);
