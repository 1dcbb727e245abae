/**
 * The case an event opens has the same id on every attempt at that event, so that a retry after a
 * writer stopped between putting its message's ref and storing the case opens the case the ref
 * names, instead of waiting out the ref's lease.
 */
import { decodeTime, isValid } from 'ulid';
import { expect, it } from 'vitest';
import { caseIdFor } from '../../functions/use-cases/ingest-inbound-event.ts';
import { anInboundEdit } from '../adapters/dynamodb/fixtures.ts';

it('gives every attempt at one event the same case id, a ULID dated when it happened, and other events other ids', () => {
  const event = anInboundEdit('x:1871212845201735945', '2026-03-01T12:34:56.789Z');
  const other = anInboundEdit('x:1871212845201735946', '2026-03-01T12:34:56.789Z');

  const ids = [caseIdFor(event), caseIdFor({ ...event }), caseIdFor(other)];

  expect(ids[0]).toBe(ids[1]);
  expect(ids[2]).not.toBe(ids[0]);
  expect(ids.every((id) => isValid(id))).toBe(true);
  expect(decodeTime(ids[0] as string)).toBe(Date.parse('2026-03-01T12:34:56.789Z'));
});
