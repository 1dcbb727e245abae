import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../functions/commons/errors.ts';
import { verifyInbound } from '../../../functions/platforms/inbound/index.ts';
import { signInbound } from '../../fixtures/build.ts';
import { sampleJson } from '../../fixtures/samples.ts';

interface SignVector {
  secret: string;
  msgId: string;
  timestamp: number;
  payload: string;
  expectedSignature: string;
}

const vectors = sampleJson('standard-webhooks-vectors.json');
const signVectors: SignVector[] = [...vectors.vectors, ...vectors.computedHereForClockFreeTests];
const [official, rust] = vectors.vectors as SignVector[];
if (!official || !rust) throw new Error('standard webhooks vectors missing');

const headersFor = (vector: Pick<SignVector, 'msgId' | 'timestamp'>, signature: string) => ({
  'webhook-id': vector.msgId,
  'webhook-timestamp': String(vector.timestamp),
  'webhook-signature': signature,
});

/** The reference library reads the clock itself; the vectors are valid at their own timestamp. */
const atTime = (unixSeconds: number) => vi.setSystemTime(unixSeconds * 1000);

describe('verifyInbound', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(signVectors)('accepts vector $expectedSignature at its timestamp', (vector) => {
    atTime(vector.timestamp);

    const result = verifyInbound(vector.secret, vector.payload, headersFor(vector, vector.expectedSignature));

    expect(result).toEqual({ ok: true });
    expect(signInbound(vector.payload, vector.secret, vector.msgId, vector.timestamp)).toEqual(
      headersFor(vector, vector.expectedSignature),
    );
  });

  it.each([
    ['an invalid signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA='],
    ['a garbage signature', 'v1,dawfeoifkpqwoekfpqoekf'],
    ['a partial signature', official.expectedSignature.slice(0, 8)],
  ])('rejects %s as a signature mismatch', (_, signature) => {
    atTime(official.timestamp);

    const result = verifyInbound(official.secret, official.payload, headersFor(official, signature));

    expect(result).toEqual({ ok: false, status: 401, reason: 'webhook-signature: signature mismatch' });
  });

  it('rejects a bare "v1," as a malformed signature header', () => {
    atTime(official.timestamp);

    const result = verifyInbound(official.secret, official.payload, headersFor(official, 'v1,'));

    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: 'webhook-signature: malformed header, expected "v1,<base64>" entries',
    });
  });

  it("rejects the Rust test's signature that does not verify", () => {
    atTime(rust.timestamp);

    const result = verifyInbound(
      rust.secret,
      rust.payload,
      headersFor(rust, 'v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU='),
    );

    expect(result).toMatchObject({ ok: false, reason: 'webhook-signature: signature mismatch' });
  });

  it.each([301, -301])('rejects a timestamp %i seconds away from now as stale', (offset) => {
    atTime(official.timestamp + offset);

    const result = verifyInbound(official.secret, official.payload, headersFor(official, official.expectedSignature));

    expect(result).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringMatching(/^webhook-timestamp: stale timestamp/),
    });
  });

  it.each([300, -300])('accepts a timestamp %i seconds away from now, the 5-minute tolerance', (offset) => {
    atTime(official.timestamp + offset);

    const result = verifyInbound(official.secret, official.payload, headersFor(official, official.expectedSignature));

    expect(result).toEqual({ ok: true });
  });

  it('rejects a non-numeric timestamp as a malformed header', () => {
    atTime(official.timestamp);

    const result = verifyInbound(official.secret, official.payload, {
      ...headersFor(official, official.expectedSignature),
      'webhook-timestamp': 'hello',
    });

    expect(result).toEqual({
      ok: false,
      status: 401,
      reason: 'webhook-timestamp: malformed header, expected unix seconds',
    });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('names the missing %s header', (header) => {
    atTime(official.timestamp);
    const headers: Record<string, string> = headersFor(official, official.expectedSignature);
    delete headers[header];

    const result = verifyInbound(official.secret, official.payload, headers);

    expect(result).toEqual({ ok: false, status: 401, reason: `${header}: missing header` });
  });

  it.each(['', 'whsec_'])('refuses to verify with the empty secret %j', (secret) => {
    atTime(official.timestamp);

    expect(() => verifyInbound(secret, official.payload, headersFor(official, official.expectedSignature))).toThrow(
      ConfigError,
    );
  });

  it('accepts a signature list when any v1 entry matches, skipping other versions', () => {
    atTime(official.timestamp);
    const list = (vectors.multiSignatureHeader.decoysFromTests as string[])
      .map((entry) => (entry === '<valid signature>' ? official.expectedSignature : entry))
      .join(' ');

    const result = verifyInbound(official.secret, official.payload, headersFor(official, list));

    expect(result).toEqual({ ok: true });
  });

  it('rejects a signature list of decoys only', () => {
    atTime(rust.timestamp);
    const decoys = (vectors.multiSignatureHeader.rustDecoys as string[]).filter(
      (entry) => entry !== '<valid signature>',
    );

    const result = verifyInbound(rust.secret, rust.payload, headersFor(rust, decoys.join(' ')));

    expect(result).toMatchObject({ ok: false, reason: 'webhook-signature: signature mismatch' });
  });

  it('accepts the secret without its whsec_ prefix', () => {
    atTime(official.timestamp);

    const result = verifyInbound(
      official.secret.replace(/^whsec_/, ''),
      official.payload,
      headersFor(official, official.expectedSignature),
    );

    expect(result).toEqual({ ok: true });
  });

  it.each(['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr'])(
    'accepts the unpadded secret %s for what its padded form signed',
    (unpadded) => {
      atTime(official.timestamp);
      const padded = unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '=');
      const headers = signInbound(official.payload, `whsec_${padded}`, official.msgId, official.timestamp);

      const result = verifyInbound(`whsec_${unpadded}`, official.payload, headers);

      expect(result).toEqual({ ok: true });
    },
  );

  it('rejects a body changed after signing', () => {
    atTime(official.timestamp);

    const result = verifyInbound(
      official.secret,
      `${official.payload} `,
      headersFor(official, official.expectedSignature),
    );

    expect(result).toMatchObject({ ok: false, reason: 'webhook-signature: signature mismatch' });
  });
});
