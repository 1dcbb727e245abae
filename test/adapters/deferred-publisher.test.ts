/**
 * The sweeper's outbox relay publishes through an EventBridge publisher whose client loads with
 * the first event. Driven against a local HTTP server answering EventBridge's PutEvents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deferredEventBridgePublisher } from '../../functions/adapters/eventbridge/deferred-publisher.ts';
import { resetSettingsCache } from '../../functions/config/settings.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';

const received: { target: string; body: { Entries: { EventBusName: string; DetailType: string }[] } }[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(body) });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  resetSettingsCache();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetSettingsCache();
  await new Promise((resolve) => server.close(resolve));
});

const event: DomainEvent = {
  id: '01JTESTEVENT',
  type: 'CaseOpened',
  version: 1,
  caseId: 'case-1',
  at: '2026-12-06T03:00:00.000Z',
  detail: { brand: 'acme' },
};

describe('the deferred EventBridge publisher', () => {
  it('sends nothing for no events, then publishes each event to its bus once it has one', async () => {
    // Prepare
    const publisher = deferredEventBridgePublisher('sundown-bus');

    // Act
    await publisher.publish([]);
    const beforeAnyEvent = received.length;
    await publisher.publish([event]);
    await publisher.publish([{ ...event, id: '01JTESTEVENT2', type: 'CaseResolved' }]);

    // Assess
    expect(beforeAnyEvent).toBe(0);
    expect(received.map((call) => call.target)).toEqual(['AWSEvents.PutEvents', 'AWSEvents.PutEvents']);
    expect(received.flatMap((call) => call.body.Entries.map((e) => [e.EventBusName, e.DetailType]))).toEqual([
      ['sundown-bus', 'CaseOpened'],
      ['sundown-bus', 'CaseResolved'],
    ]);
  });
});
