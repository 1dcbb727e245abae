import { describe, expect, it } from 'vitest';
import { metaHandshake, verifyMeta } from '../../../functions/platforms/meta/index.ts';
import { signMeta } from '../../fixtures/build.ts';
import { sampleJson } from '../../fixtures/samples.ts';

interface MetaVectors {
  vectors: {
    name: string;
    appSecret: string;
    body: string;
    header: string;
    expectedSignature: string;
    legacySha1?: string;
  }[];
  negativeVectors: { name: string; appSecret?: string; body: string; presentedSignature: string; expectValid: false }[];
  verificationHandshakeVectors: {
    name: string;
    request: string;
    configuredVerifyToken: string;
    expectStatus: number | string;
    expectBody: string;
  }[];
}

const vectors = sampleJson<MetaVectors>('meta-signature-vectors.json');
const APP_SECRET = 'test_app_secret';

const queryOf = (request: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(request.replace(/^GET [^?]*\?/, '')));

describe('verifyMeta', () => {
  it.each(vectors.vectors)('accepts the signature of vector "$name"', (vector) => {
    const headers = { [vector.header.toLowerCase()]: vector.expectedSignature };

    const result = verifyMeta(vector.appSecret, vector.body, headers);

    expect(result).toEqual({ ok: true });
    expect(signMeta(vector.body, vector.appSecret)).toEqual(headers);
  });

  it.each(vectors.negativeVectors)('rejects negative vector "$name"', (vector) => {
    const result = verifyMeta(vector.appSecret ?? APP_SECRET, vector.body, {
      'x-hub-signature-256': vector.presentedSignature,
    });

    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('reports a signature over a re-serialised body as a mismatch', () => {
    const [reserialised] = vectors.negativeVectors;
    if (!reserialised) throw new Error('no vector');

    const result = verifyMeta(APP_SECRET, reserialised.body, {
      'x-hub-signature-256': reserialised.presentedSignature,
    });

    expect(result).toEqual({ ok: false, status: 401, reason: 'x-hub-signature-256: signature mismatch' });
  });

  it('reports the legacy sha1 signature in the sha256 header as malformed', () => {
    const [vector] = vectors.vectors;
    if (!vector?.legacySha1) throw new Error('no vector');

    const result = verifyMeta(APP_SECRET, vector.body, { 'x-hub-signature-256': vector.legacySha1 });

    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: 'x-hub-signature-256: malformed header, expected sha256=<hex HMAC-SHA256>',
    });
  });

  it('rejects a request that carries only the legacy x-hub-signature header', () => {
    const [vector] = vectors.vectors;
    if (!vector?.legacySha1) throw new Error('no vector');

    const result = verifyMeta(APP_SECRET, vector.body, { 'x-hub-signature': vector.legacySha1 });

    expect(result).toEqual({ ok: false, status: 401, reason: 'x-hub-signature-256: missing header' });
  });

  it('rejects a valid signature made with another app secret', () => {
    const [vector] = vectors.vectors;
    if (!vector) throw new Error('no vector');

    const result = verifyMeta(APP_SECRET, vector.body, signMeta(vector.body, 'another_app_secret'));

    expect(result).toMatchObject({ ok: false, reason: 'x-hub-signature-256: signature mismatch' });
  });
});

describe('metaHandshake', () => {
  const [docsSample, wrongToken] = vectors.verificationHandshakeVectors;
  if (!docsSample || !wrongToken) throw new Error('handshake vectors missing');

  it('echoes hub.challenge for the docs sample verification request', () => {
    const result = metaHandshake(queryOf(docsSample.request), docsSample.configuredVerifyToken);

    expect(docsSample.expectStatus).toBe(200);
    expect(result).toEqual({ ok: true, challenge: docsSample.expectBody });
  });

  it('refuses with 403 and no challenge when the verify token is wrong', () => {
    const result = metaHandshake(queryOf(wrongToken.request), wrongToken.configuredVerifyToken);

    expect(result).toEqual({ ok: false, status: 403, reason: 'hub.verify_token: does not match' });
    expect(JSON.stringify(result)).not.toContain('1158201444');
  });

  it('refuses with 400 when hub.mode is missing', () => {
    const { 'hub.mode': _mode, ...query } = queryOf(docsSample.request);

    const result = metaHandshake(query, docsSample.configuredVerifyToken);

    expect(result).toEqual({ ok: false, status: 400, reason: 'hub.mode: missing' });
  });

  it('refuses with 400 when hub.mode is not subscribe', () => {
    const result = metaHandshake({ ...queryOf(docsSample.request), 'hub.mode': 'unsubscribe' }, 'meatyhamhock');

    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses with 403 when hub.verify_token is missing', () => {
    const { 'hub.verify_token': _token, ...query } = queryOf(docsSample.request);

    const result = metaHandshake(query, docsSample.configuredVerifyToken);

    expect(result).toEqual({ ok: false, status: 403, reason: 'hub.verify_token: missing' });
  });
});
