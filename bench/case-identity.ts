/**
 * Case identity at scale (issue 11): a viral post (distinct commenters on one brand Facebook
 * post, delivered through the receiver and drained by the intake processor in concurrent
 * batches) must give one case per commenter with no failures and nothing on the DLQ; and the
 * DynamoDB reads of a case's message N must not grow with N. Both against DynamoDB Local and
 * the SQS emulator, with the real handlers in this process. See bench/README.md.
 *
 *   npm run bench:case-identity -- [--commenters 1000] [--concurrency 8] [--messages-per-case 1000] [--max-minutes 10]
 */

import './support/production-output.ts';
import { parseArgs } from 'node:util';
import { countingCaseStore } from './case-identity/case-writes.ts';
import { inspector } from './case-identity/inspector.ts';
import { runMessageN } from './case-identity/message-n.ts';
import { isFlat, messageNLines, messageNTable, viralPostTable } from './case-identity/report.ts';
import { RequestMeter } from './case-identity/request-meter.ts';
import { runViralPost } from './case-identity/viral-post.ts';
import { readDeployment } from './meter/deployed.ts';
import { printHeadlines } from './support/figures.ts';
import { load, machine } from './support/machine.ts';
import { divertedSummary } from './support/production-output.ts';
import { startMeasuringStack } from './support/stack.ts';

const { values } = parseArgs({
  options: {
    commenters: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    'messages-per-case': { type: 'string', default: '1000' },
    'max-minutes': { type: 'string', default: '10' },
  },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const positive = (name: string): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive whole number, got "${values[name]}"`);
  return value;
};
const commenters = positive('commenters');
const concurrency = positive('concurrency');
const messagesPerCase = positive('messages-per-case');
const deadline = Date.now() + positive('max-minutes') * 60_000;
const progress = (line: string) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`);

const loadBefore = load();
const startedAt = Date.now();
const stack = await startMeasuringStack({ tableName: 'sundown-bench-case-identity' });
const look = inspector(stack);
let ok = true;
try {
  const { store, counts } = countingCaseStore(stack.adapters.store());
  stack.passSubstitutesToRoots({ store });

  progress(`viral post: ${commenters} commenters, ${concurrency} at once`);
  const viral = await runViralPost(stack, look, counts, { commenters, concurrency, deadline });
  console.log(viralPostTable(viral, concurrency));

  progress(`message N: one customer, ${messagesPerCase} comments, one at a time`);
  const meter = new RequestMeter(look.client, readDeployment().table);
  meter.attach(stack.clients.dynamoDocumentClient());
  const costs = await runMessageN(stack, meter, { messages: messagesPerCase, progress });
  console.log(messageNTable(costs));
  for (const line of messageNLines(costs)) console.log(line);

  const flat = isFlat(costs);
  const problems = [
    viral.cases !== commenters && `${viral.cases} cases for ${commenters} commenters`,
    viral.customers !== commenters && `${viral.customers} customers for ${commenters} commenters`,
    viral.messages !== commenters && `${viral.messages} messages stored for ${commenters} comments`,
    viral.failedRecords > 0 && `${viral.failedRecords} records failed`,
    viral.deadLetters > 0 && `${viral.deadLetters} messages on the intake DLQ`,
    viral.timedOut && 'the drain gave up',
    !flat && 'the reads of message N grow with N',
    costs.some((c) => c.failed > 0) && 'a comment of the one-customer conversation failed',
  ].filter((problem): problem is string => typeof problem === 'string');
  ok = problems.length === 0;
  console.log(
    `\nUnits by AWS rules, from the requests (bench/meter/): consistent GetItem 1 read unit per 4 KB (a miss costs 1), Query the sum of the sizes of the items it evaluated rounded up per 4 KB, BatchGetItem each key as a GetItem; 1 write unit per KB of the larger of the item before and after, twice inside TransactWriteItems; index writes (as deployed: a put, a delete, both when the key changes) apart. Not DynamoDB Local's ConsumedCapacity.`,
  );
  console.log(ok ? 'Done-when checks: all hold.' : `Done-when checks FAILED: ${problems.join('; ')}.`);
  console.log(divertedSummary());
  console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
  console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
  const command = `npm run bench:case-identity -- --commenters ${commenters} --messages-per-case ${messagesPerCase}`;
  const joined = costs.filter((c) => c.n >= 2).map((c) => c.tally.readUnits);
  const secondMessage = joined[0] ?? Number.NaN;
  printHeadlines('case-identity', [
    {
      figure: `Viral post: cases for ${commenters} commenters`,
      value: viral.cases,
      unit: 'cases',
      goal: { atLeast: commenters, atMost: commenters },
      command,
    },
    {
      figure: 'Viral post: failed records and intake DLQ messages',
      value: viral.failedRecords + viral.deadLetters,
      unit: '',
      goal: { atMost: 0 },
      command,
    },
    {
      figure: `Read units of message N ÷ message 2, N up to ${messagesPerCase} (largest)`,
      value: Math.max(...joined) / secondMessage,
      unit: '×',
      goal: { atMost: 1 },
      command,
    },
  ]);
} finally {
  look.destroy();
  await stack.stop();
}
if (!ok) process.exitCode = 1;
