/**
 * Every signed route, fuzzed around a valid request: a body changed by even one byte under the
 * original signature is refused with a 401 naming the signature header, and queues nothing;
 * a validly signed body with fields dropped, retyped, duplicated or inflated is accepted or
 * refused with a 4xx naming what is wrong, never a 5xx.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { propertyRuns } from '../support/runs.ts';
import { byteEdit, mutatedBody } from './arbitraries.ts';
import { call, fuzzTarget, jsonError, routeKey, SIGNERS } from './support.ts';

/** 30 per property in npm test, 100 in npm run test:scale (test/support/runs.ts). */
const NUM_RUNS = propertyRuns(30, 100);
/** An error message that starts by naming the field (a path, `(root)`, the body or a header) at fault. */
const FIELD_NAMED = /^(\(root\)|[\w$-]+(\.[\w$-]+)*|body)[: ]/;

const target = fuzzTarget();

const signed = httpRoutes().flatMap((route) => {
  const signer = SIGNERS[routeKey(route)];
  return signer ? [{ key: routeKey(route), route, signer }] : [];
});

describe('fuzzing signed routes', () => {
  it.each(signed)('$key accepts its valid sample as sent', async ({ route, signer }) => {
    // Prepare
    const handler = target.handlers.get(routeKey(route));
    if (!handler) throw new Error(`no handler or signer for ${routeKey(route)}`);
    const sample = signer.sample();
    // Act
    const answer = await call(handler, route, {
      pathParameters: signer.pathParameters ?? {},
      query: {},
      headers: { 'content-type': 'application/json', ...signer.sign(sample) },
      body: sample,
      base64: true,
    });
    // Assess
    expect(answer.statusCode, answer.body).toBeLessThan(300);
  });

  it.each(signed)(
    '$key refuses a changed body under the original signature with a 401 naming the header',
    { timeout: 120_000 },
    async ({ route, signer }) => {
      const handler = target.handlers.get(routeKey(route));
      if (!handler) throw new Error(`no handler or signer for ${routeKey(route)}`);
      const sample = signer.sample();
      await fc.assert(
        fc.asyncProperty(byteEdit(sample), fc.boolean(), async (edited, base64) => {
          // Prepare
          const before = target.queued.length;
          // Act
          const answer = await call(handler, route, {
            pathParameters: signer.pathParameters ?? {},
            query: {},
            headers: { 'content-type': 'application/json', ...signer.sign(sample) },
            body: edited,
            base64,
          });
          // Assess
          expect(answer.statusCode, answer.body.slice(0, 300)).toBe(401);
          const error = jsonError(answer);
          expect(error?.code).toBe('invalid_signature');
          expect([...signer.signatureHeaders, 'body'].some((name) => error?.message.startsWith(name))).toBe(true);
          expect(target.queued.length).toBe(before);
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );

  it.each(signed)(
    '$key answers a validly signed body with mutated fields with 2xx or a 4xx naming the field',
    { timeout: 120_000 },
    async ({ route, signer }) => {
      const handler = target.handlers.get(routeKey(route));
      if (!handler) throw new Error(`no handler or signer for ${routeKey(route)}`);
      await fc.assert(
        fc.asyncProperty(mutatedBody(signer), async (mutated) => {
          // Act
          const answer = await call(handler, route, {
            pathParameters: signer.pathParameters ?? {},
            query: {},
            headers: { 'content-type': 'application/json', ...signer.sign(mutated) },
            body: mutated,
            base64: true,
          });
          // Assess
          expect(answer.statusCode, answer.body.slice(0, 300)).toBeLessThan(500);
          if (answer.statusCode >= 400) {
            const error = jsonError(answer);
            expect(error, answer.body.slice(0, 300)).toBeDefined();
            expect(error?.code).not.toBe('invalid_signature');
            // `data.occurredAt: Invalid input…`, `(root): …`, `body is not valid JSON…`
            expect(error?.message).toMatch(FIELD_NAMED);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );
});
