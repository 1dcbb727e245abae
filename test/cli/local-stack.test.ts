import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetters } from '../../functions/adapters/sqs/dead-letters.ts';
import type { Case, CaseDetail } from '../../functions/domain/case.ts';
import type { CaseReport } from '../../functions/domain/reports.ts';
import { normalizeX } from '../../functions/platforms/x/index.ts';
import { writeLocalState } from '../../local/state-file.ts';
import { inboundMessage } from '../fixtures/derived-samples.ts';
import { sampleJson } from '../fixtures/samples.ts';
import { context, normalized, onlyEvent } from '../platforms/support.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { parseXml } from '../support/xml.ts';
import { sundown, sundownJson } from './support.ts';

const SAMPLES = new URL('../fixtures/platform-samples/', import.meta.url).pathname;

let stack: TestStack;
let dir: string;

/** The CLI against this test's stack, found through its state file. */
const cli = (...argv: string[]) => sundown([...argv, '--state', join(dir, 'local.json')]);
const cliJson = <T>(...argv: string[]) => sundownJson<T>([...argv, '--state', join(dir, 'local.json')]);

const allCases = async () => (await cliJson<{ items: Case[] }>('cases', 'list', '--limit', '100')).items;

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

type DlqListing = { queues: { queue: string; depth: number; messages?: { reason?: string; body: string }[] }[] };
const intakeDlq = async () =>
  (await cliJson<DlqListing>('dlq', 'list', '--peek')).queues.find((q) => q.queue === 'intake');

beforeAll(async () => {
  stack = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'sundown-cli-'));
  const { url, tableName, dynamoEndpoint, sqsEndpoint, queues } = stack;
  writeLocalState(join(dir, 'local.json'), {
    url,
    tableName,
    dynamoEndpoint,
    sqsEndpoint,
    queues,
    startedAt: new Date().toISOString(),
    pid: process.pid,
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('sundown dlq', () => {
  it('lists a parked message with its reason, and redrive moves it back to be processed', async () => {
    // Prepare: a body the intake worker parks at once, and a valid event parked after a failure.
    await stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.intake.url, MessageBody: 'not json' }));
    const event = onlyEvent(normalized(() => normalizeX(sampleJson('x-xaa-dm.received.json'), context())));
    await new DeadLetters({ client: stack.sqs, queueUrl: stack.queues.intake.dlqUrl }).park(
      JSON.stringify(event),
      'DynamoDB was throttling',
      { sourceMessageId: 'm-1' },
    );
    const parked = await eventually(intakeDlq, (q) => q?.depth === 2, 'two parked messages');

    // Act
    const redrive = await cliJson<{ moved: number }>('dlq', 'redrive', 'intake');
    await stack.drained();

    // Assess
    expect(parked?.messages?.map((m) => m.reason).sort()).toEqual([
      'DynamoDB was throttling',
      'invalid intake event: message body is not JSON',
    ]);
    expect(redrive.moved).toBe(2);
    const cases = await eventually(allCases, (found) => found.length === 1, 'the redriven event to open a case');
    expect(cases[0]?.channels).toEqual(['x']);
    // The broken body is parked again: redrive moved it, it did not drop it.
    const after = await eventually(intakeDlq, (q) => q?.depth === 1, 'the broken body back on the DLQ');
    expect(after?.messages?.[0]?.body).toBe('not json');
  });

  it('prints a table of every DLQ and rejects an unknown queue name', async () => {
    const listing = await cli('dlq', 'list');
    const unknown = await cli('dlq', 'redrive', 'emails');

    expect(listing.stdout).toMatch(/^queue\s+depth\s+dlq/);
    expect(listing.stdout).toMatch(/intake\s+1\s/);
    expect(listing.stdout).toMatch(/\ntimers\s+\d+\s+http/);
    expect(listing.stdout).toMatch(/\nalerts\s+\d+\s+http/);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'sundown: queue must be one of intake, timers, alerts, got "emails"',
    });
  });
});

describe('sundown replay, cases list and cases show', () => {
  it('replays the X sample signed, and the case shows up with its transcript', async () => {
    // Act
    const replay = await cliJson<{ status: number; response: { queued: number } }>(
      'replay',
      join(SAMPLES, 'x-aaa-direct_message_events.json'),
    );
    await stack.drained();

    // Assess
    expect(replay).toMatchObject({ status: 200, response: { queued: 1 } });
    const sample = sampleJson('x-aaa-direct_message_events.json');
    const text: string = sample.direct_message_events[0].message_create.message_data.text;
    const cases = await allCases();
    const views = await Promise.all(cases.map((c) => cliJson<CaseDetail>('cases', 'show', c.id)));
    const view = views.find((v) => v.messages.some((m) => m.text === text));
    expect(view?.case.channels).toEqual(['x']);
    const shown = await cli('cases', 'show', view?.case.id ?? '');
    expect(shown.stdout).toContain(`Case ${view?.case.id}`);
    expect(shown.stdout).toContain(text);
    expect(shown.stdout).toMatch(/Audit \(\d+ entries\)/);
  });

  it('replays the WhatsApp sample to the Meta route, guessing the platform', async () => {
    const replay = await cliJson<{ platform: string; path: string; status: number }>(
      'replay',
      join(SAMPLES, 'whatsapp-message-text.json'),
    );
    await stack.drained();

    expect(replay).toMatchObject({ platform: 'meta', path: '/webhooks/meta', status: 200 });
    expect((await allCases()).some((c) => c.channels.includes('whatsapp'))).toBe(true);
  });

  it('replays an inbound message to its source, and lists open cases as a table', async () => {
    // Prepare
    const file = join(dir, 'inbound.json');
    writeFileSync(file, JSON.stringify(inboundMessage()));

    // Act
    const withoutSource = await cli('replay', file);
    const replay = await cli('replay', file, '--source', 'email');
    await stack.drained();
    const listing = await cli('cases', 'list', '--status', 'open');

    // Assess
    expect(withoutSource).toMatchObject({ code: 1, stderr: expect.stringContaining('--source is required') });
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('POST /webhooks/inbound/email (inbound) -> 200');
    expect(listing.stdout).toMatch(/^id\s+status\s+priority\s+channels\s+opened\s+customer\s+subject/);
    expect(listing.stdout).toContain('Does it come in another color?');
    expect(
      listing.stdout
        .split('\n')
        .slice(1)
        .every((line) => / open /.test(line)),
    ).toBe(true);
  });

  it('names an unknown case and a bad status', async () => {
    const missing = await cli('cases', 'show', '01UNKNOWN');
    const badStatus = await cli('cases', 'list', '--status', 'pending');

    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no case 01UNKNOWN') });
    expect(badStatus.stderr).toContain('--status must be one of open, responded, waiting_on_customer, resolved');
  });
});

describe('sundown erase-customer and report', () => {
  it('asks for confirmation, and erases nothing without it', async () => {
    const noTerminal = await cli('erase-customer', '--identity', 'email:test@example.com');
    const declined = await sundown(
      ['erase-customer', '--identity', 'email:test@example.com', '--state', join(dir, 'local.json')],
      {
        confirm: async () => false,
      },
    );

    expect(noTerminal).toMatchObject({ code: 1, stderr: 'sundown: erasing cannot be undone: pass --yes to confirm' });
    expect(declined).toMatchObject({ code: 1, stderr: 'Nothing erased.' });
    expect((await allCases()).some((c) => c.customerName === 'John Smith')).toBe(true);
  });

  it('removes the name and texts, and the report still counts the case', async () => {
    // Prepare
    const before = (await allCases()).find((c) => c.customerName === 'John Smith') as Case;
    const day = before.openedAt.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const chart = join(dir, 'report.svg');

    // Act
    const erased = await cli('erase-customer', '--identity', 'email:test@example.com', '--yes');
    const report = await cliJson<CaseReport>('report', '--from', day, '--to', next, '--chart', chart);

    // Assess
    expect(erased.code).toBe(0);
    expect(erased.stdout).toMatch(/^Erased customer \w+: 1 case\(s\), 1 message\(s\)/);
    const view = await cliJson<CaseDetail>('cases', 'show', before.id);
    expect(view.case).toMatchObject({ customerName: '[erased]', subject: '[erased]', status: before.status });
    expect(view.messages.map((m) => m.text)).toEqual(['[erased]']);
    expect(JSON.stringify(view)).not.toMatch(/John Smith|another color|test@example\.com/i);
    expect(report.cases).toBe(1);
    expect(report.byPriority.normal + report.byPriority.high + report.byPriority.low + report.byPriority.urgent).toBe(
      1,
    );
    const svg = readFileSync(chart, 'utf8');
    expect(() => parseXml(svg)).not.toThrow();
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });

  it('prints the report as text and rejects a period that ends before it starts', async () => {
    const text = await cli('report', '--from', '2020-01-01', '--to', '2030-01-01');
    const backwards = await cli('report', '--from', '2026-02-01', '--to', '2026-01-01');
    const notADate = await cli('report', '--from', 'yesterday', '--to', '2026-01-01');

    expect(text.stdout).toMatch(/Cases opened 2020-01-01T00:00:00.000Z to 2030-01-01T00:00:00.000Z: [1-9]/);
    expect(text.stdout).toMatch(/first response/);
    expect(backwards).toMatchObject({ code: 1, stderr: 'sundown: --to must be after --from' });
    expect(notADate.stderr).toContain('--from must be a date (2026-11-01) or an ISO timestamp, got "yesterday"');
  });
});
