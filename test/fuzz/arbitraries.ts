/**
 * fast-check generators for hostile requests: odd strings, arbitrary and mutated JSON, raw
 * bytes, garbled and misplaced signature headers, random path parameters and query strings.
 */
import fc from 'fast-check';
import { SIGNERS, type Signer } from './support.ts';

/** Strings that have broken parsers and lookups before, beside random ones. */
const NASTY = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '..',
  '../..',
  '%',
  '%00',
  '\u0000',
  'null',
  '0',
  '-1',
  '1e309',
  'NaN',
  'chat',
  'email',
  '01JD3K6N4ZQ8W5T2X7V9B1C0FE',
  '🙂'.repeat(50),
  // Past DynamoDB's 2,048-byte partition key and 1,024-byte sort key limits.
  'k'.repeat(2_100),
  '\ud800',
];

export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ minLength: 1_100, maxLength: 2_500 }) },
);

type Json = unknown;
type Path = readonly (string | number)[];

const pathsOf = (value: Json, at: Path = []): Path[] => {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, index) => pathsOf(item, [...at, index]))];
  if (value && typeof value === 'object') {
    return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  }
  return [at];
};

const OPERATIONS = ['drop', 'retype', 'duplicate', 'huge', 'unicode'] as const;

/** Changes one field of a copy of `value`: drops, retypes, duplicates or inflates it. */
const applyMutation = (value: Json, path: Path, operation: (typeof OPERATIONS)[number], replacement: Json): Json => {
  const copy = structuredClone(value) as Json;
  if (path.length === 0) return replacement;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1] as string | number;
  let parent = copy as Record<string | number, Json>;
  for (const step of parentPath) parent = parent[step] as Record<string | number, Json>;
  const current = parent[key];
  if (operation === 'drop') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (operation === 'retype') parent[key] = replacement;
  else if (operation === 'duplicate') {
    if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(current));
    else parent[`${key}`] = [current, current];
  } else if (operation === 'huge') parent[key] = 'A'.repeat(200_000);
  else parent[key] = `${String(current)}\u202e\u0000🙂\ud800`;
  return copy;
};

/** One field of `sample` (JSON text) dropped, retyped, duplicated or inflated. */
export const mutatedJson = (sample: string) => {
  const parsed = JSON.parse(sample) as Json;
  const paths = pathsOf(parsed);
  return fc
    .tuple(fc.nat({ max: paths.length - 1 }), fc.constantFrom(...OPERATIONS), fc.jsonValue({ maxDepth: 2 }))
    .map(([index, operation, replacement]) =>
      JSON.stringify(applyMutation(parsed, paths[index] ?? [], operation, replacement)),
    );
};

/** A signer's sample with one field mutated, wrapped again as the route expects it. */
export const mutatedBody = (signer: Signer) =>
  signer.json && signer.wrap ? mutatedJson(signer.json()).map(signer.wrap) : mutatedJson(signer.sample());

const SAMPLES = Object.values(SIGNERS).map((signer) => signer.json?.() ?? signer.sample());

export const body = fc.oneof(
  { weight: 2, arbitrary: fc.json() },
  { weight: 2, arbitrary: text },
  { weight: 3, arbitrary: fc.constantFrom(...SAMPLES).chain(mutatedJson) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(1_100_000)) },
);

/** One edit to a raw body that always leaves different bytes. */
export const byteEdit = (original: string) =>
  fc
    .oneof(
      fc.tuple(fc.nat({ max: original.length }), fc.string({ minLength: 1, maxLength: 5 })).map(([at, inserted]) => {
        return original.slice(0, at) + inserted + original.slice(at);
      }),
      fc
        .tuple(fc.nat({ max: Math.max(0, original.length - 1) }), fc.integer({ min: 1, max: 20 }))
        .map(([at, length]) => original.slice(0, at) + original.slice(at + length)),
      fc.constantFrom(`${original} `, `${original}\n`, original.toUpperCase(), ''),
      ...(original.startsWith('{') ? [mutatedJson(original)] : []),
    )
    .filter((edited) => edited !== original);

const SIGNATURE_HEADERS = [...new Set(Object.values(SIGNERS).flatMap((signer) => signer.signatureHeaders))];

const headerValue = fc.oneof(
  text,
  fc.base64String({ minLength: 44, maxLength: 44 }).map((digest) => `sha256=${digest}`),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((digest) => `sha256=${digest}`),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((digest) => `v0=${digest}`),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((digest) => `v1=${digest}`),
  fc.base64String({ minLength: 4, maxLength: 60 }).map((digest) => `v1,${digest}`),
  fc.integer({ min: -5_000, max: 5_000 }).map((offset) => String(Math.floor(Date.now() / 1000) + offset)),
);

export const headers = fc.dictionary(
  fc.constantFrom(...SIGNATURE_HEADERS, 'content-type', 'x-webhook-id', 'user-agent', 'X-Hub-Signature-256'),
  headerValue,
  { maxKeys: 6 },
);

export const query = fc.dictionary(
  fc.constantFrom('crc_token', 'hub.mode', 'hub.verify_token', 'hub.challenge', 'token', 'status', 'limit', 'cursor'),
  fc.oneof(text, fc.constantFrom('subscribe', 'open', '100', '0', '101')),
  { maxKeys: 4 },
);
