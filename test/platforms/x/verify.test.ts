import { describe, expect, it } from 'vitest';
import { crcResponse, verifyX } from '../../../functions/platforms/x/index.ts';
import { signX } from '../../fixtures/build.ts';
import { minified, sampleJson } from '../../fixtures/samples.ts';

interface XVectors {
  post_signature_vectors: { consumerSecret: string; body: string; header: string; expectedSignature: string }[];
  post_signature_negative_vectors: {
    consumerSecret: string;
    body: string;
    header: string;
    presentedSignature: string;
  }[];
  crc_vectors: { consumerSecret: string; crc_token: string; expectedResponseBody: { response_token: string } }[];
}

const vectors = sampleJson<XVectors>('x-signature-vectors.json');

describe('verifyX', () => {
  it.each(vectors.post_signature_vectors)('accepts the signature of official vector $expectedSignature', (vector) => {
    // Prepare
    const headers = { [vector.header]: vector.expectedSignature };

    // Act
    const result = verifyX(vector.consumerSecret, vector.body, headers);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(signX(vector.body, vector.consumerSecret)).toEqual(headers);
  });

  it.each(vectors.post_signature_negative_vectors)('rejects a signature presented with another body', (vector) => {
    const result = verifyX(vector.consumerSecret, vector.body, { [vector.header]: vector.presentedSignature });

    expect(result).toEqual({ ok: false, status: 401, reason: 'x-twitter-webhooks-signature: signature mismatch' });
  });

  it('rejects a request without the signature header, naming it', () => {
    const result = verifyX('test', 'test=1&other_test=2', { 'content-type': 'application/json' });

    expect(result).toEqual({ ok: false, status: 401, reason: 'x-twitter-webhooks-signature: missing header' });
  });

  it.each([
    ['no sha256= prefix', '25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc='],
    ['a hex digest', 'sha256=db90aede2c1b6e2a814f0411cdc28979082c8dfef7e95d90f1469395ac42d286'],
    ['a truncated digest', 'sha256=25Cu3iwbbiqBTwQRzcKJZw=='],
  ])('rejects a malformed signature header (%s)', (_, presented) => {
    const result = verifyX('test', 'test=1&other_test=2', { 'x-twitter-webhooks-signature': presented });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^x-twitter-webhooks-signature: malformed header/);
  });

  it('verifies the raw body of the official DM example as X sends it, minified', () => {
    const body = minified('x-aaa-direct_message_events.json');

    const result = verifyX('test', body, signX(body, 'test'));

    expect(result).toEqual({ ok: true });
    expect(verifyX('test', `${body}\n`, signX(body, 'test'))).toMatchObject({ ok: false });
  });

  it('matches the signature header whatever its case', () => {
    const [vector] = vectors.post_signature_vectors;
    if (!vector) throw new Error('no vector');

    const result = verifyX(vector.consumerSecret, vector.body, {
      'X-Twitter-Webhooks-Signature': vector.expectedSignature,
    });

    expect(result).toEqual({ ok: true });
  });

  it('refuses to verify with an empty consumer secret', () => {
    expect(() => verifyX('', 'body', signX('body', ''))).toThrow(/X consumer secret is empty/);
  });
});

describe('crcResponse', () => {
  it.each(vectors.crc_vectors)('answers crc_token $crc_token with the computed response token', (vector) => {
    const response = crcResponse(vector.consumerSecret, vector.crc_token);

    expect(response).toEqual(vector.expectedResponseBody);
  });
});
