/**
 * The X CRC answer is HMAC-SHA256(consumer secret, token): the same value that signs a POST body.
 * Answering any token would hand anyone the signature of any body they choose.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crcResponse } from '../../functions/platforms/x/index.ts';
import { xAaaBrandReply } from '../fixtures/derived-samples.ts';
import { startTestStack, TEST_SECRETS, type TestStack } from '../support/local-stack.ts';

describe('the X CRC endpoint is no signing oracle', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses to sign a JSON body offered as crc_token, so a forged brand reply gets 401', async () => {
    // Prepare: a brand reply, which would stop the SLA clocks of a case
    const forged = JSON.stringify(xAaaBrandReply());

    // Act
    const crc = await stack.get(`/webhooks/x?crc_token=${encodeURIComponent(forged)}`);
    const token = (crc.json as { response_token?: string }).response_token ?? 'sha256=';
    const post = await stack.post('/webhooks/x', forged, { 'x-twitter-webhooks-signature': token });

    // Assess
    expect(crc.status).toBe(400);
    expect(crc.json).toMatchObject({ error: { code: 'invalid_parameter', field: 'crc_token' } });
    expect(post.status).toBe(401);
    expect(await stack.get('/cases')).toMatchObject({ json: { items: [] } });
  });

  it('still answers the tokens X sends', async () => {
    const answer = await stack.get('/webhooks/x?crc_token=challenge_string');

    expect(answer.status).toBe(200);
    expect((answer.json as { response_token: string }).response_token).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
  });
});

describe('crcResponse', () => {
  it('signs no text that the X events route could accept as a JSON object', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        fc.pre(text.trimStart().startsWith('{'));
        expect(() => crcResponse(TEST_SECRETS.X_CONSUMER_SECRET, text)).toThrow(/crc_token/);
      }),
      { numRuns: 500 },
    );
  });

  it('answers base64 and base64url tokens', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 140 }), fc.boolean(), (bytes, url) => {
        const token = Buffer.from(bytes).toString(url ? 'base64url' : 'base64');
        expect(crcResponse(TEST_SECRETS.X_CONSUMER_SECRET, token).response_token).toMatch(/^sha256=/);
      }),
      { numRuns: 200 },
    );
  });
});
