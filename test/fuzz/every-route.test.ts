/**
 * Every route in httpRoutes(), fuzzed through its real handler with random and mutated bodies,
 * headers, path parameters and query strings: never a 5xx, every 4xx a clear error, and no
 * unsigned request puts anything on the intake queue. New routes are fuzzed without changes here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sundownConfig } from '../../functions/config/settings.ts';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import { propertyRuns } from '../support/runs.ts';
import { body, headers, query, text } from './arbitraries.ts';
import { call, fuzzTarget, jsonError, pathParameterNames, routeKey, SIGNERS } from './support.ts';

/** 30 per property in npm test, 100 in npm run test:scale (test/support/runs.ts). */
const NUM_RUNS = propertyRuns(30, 100);

/** POST routes with auth `none` that prove themselves by a signed token in the request, not a body signature. */
const TOKEN_ROUTES = new Set(['POST /cases/{id}/actions/{action}']);

const target = fuzzTarget();

describe('fuzzing every route', () => {
  it('knows how every open POST route is signed, so none escapes the signature fuzzing', () => {
    const open = httpRoutes()
      .filter((route) => route.method === 'POST' && route.auth === 'none')
      .map(routeKey);
    expect(open.filter((key) => !(key in SIGNERS) && !TOKEN_ROUTES.has(key))).toEqual([]);
  });

  it.each(httpRoutes().map((route) => ({ key: routeKey(route), route })))(
    '$key answers random requests without a 5xx, with a clear error and nothing queued',
    { timeout: 120_000 },
    async ({ route }) => {
      const handler = target.handlers.get(routeKey(route));
      if (!handler) throw new Error(`no handler for ${routeKey(route)}`);
      const names = pathParameterNames(route);
      const request = fc.record({
        pathParameters: fc.record(Object.fromEntries(names.map((name) => [name, text]))),
        query,
        headers,
        body: route.method === 'POST' ? body : fc.constant(''),
        base64: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(request, async (generated) => {
          // Prepare
          const before = target.queued.length;
          // Act
          const answer = await call(handler, route, generated);
          // Assess
          expect(answer.statusCode, answer.body.slice(0, 300)).toBeLessThan(500);
          if (answer.statusCode >= 400) {
            if (answer.contentType.includes('text/html')) expect(answer.body).toMatch(/<title>[^<]+<\/title>/);
            else expect(jsonError(answer), answer.body.slice(0, 300)).toBeDefined();
          }
          expect(target.queued.length).toBe(before);
          const source = generated.pathParameters.source;
          if (source !== undefined && !Object.hasOwn(sundownConfig().inboundSources, source)) {
            expect(answer.statusCode).toBe(404);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
  );
});
