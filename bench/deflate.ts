/**
 * What each deflate setting costs on what the DynamoDB adapter packs (test/support/packed-corpus.ts):
 * microseconds per call (median of warm rounds over the whole corpus, and of a two-byte input:
 * what a call costs before it compresses anything), the bytes it writes, and how many packed
 * attributes would make their item billed more or fewer write units than level 9 does.
 *
 *   npx tsx bench/deflate.ts
 */
import { deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import { deflateJson } from '../functions/adapters/dynamodb/items.ts';
import { packedCorpus } from '../test/support/packed-corpus.ts';
import { itemSize, writeUnits } from './meter/aws-rules.ts';

const ROUNDS = 25;
const WARM_ROUNDS = 10;

interface Candidate {
  readonly label: string;
  readonly pack: (json: string) => Buffer;
}

const withOptions = (options: ZlibOptions): Candidate => ({
  label: `level ${options.level} mem ${options.memLevel} window ${options.windowBits}`,
  pack: (json) => deflateRawSync(json, options),
});

const candidates: Candidate[] = [
  { label: 'before: level 9', pack: (json) => deflateRawSync(json, { level: 9 }) },
  { label: 'after: items.ts deflateJson', pack: deflateJson },
];
for (const level of [9, 6, 4, 1])
  for (const memLevel of [9, 8, 4])
    for (const windowBits of [15, 12, 11, 10]) candidates.push(withOptions({ level, memLevel, windowBits }));

/** Median microseconds per call of each candidate; they take turns in each round, so a slow moment falls on all. */
const timings = (inputs: readonly string[]): number[] => {
  const rounds: number[][] = candidates.map(() => []);
  for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
    candidates.forEach((candidate, index) => {
      const start = process.hrtime.bigint();
      for (const input of inputs) candidate.pack(input);
      const micros = Number(process.hrtime.bigint() - start) / 1000 / inputs.length;
      if (round >= WARM_ROUNDS) rounds[index]?.push(micros);
    });
  }
  return rounds.map((times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0);
};

const corpus = await packedCorpus();
const texts = corpus.map((entry) => inflateRawSync(entry.item[entry.attribute] as Uint8Array).toString('utf8'));
const unitsWith = (at: number, bytes: Uint8Array): number => {
  const entry = corpus[at];
  return entry ? writeUnits(itemSize({ ...entry.item, [entry.attribute]: bytes }), false) : 0;
};
const baseline = texts.map((text) => deflateRawSync(text, { level: 9 }));
const baselineUnits = baseline.map((bytes, at) => unitsWith(at, bytes));
const baselineBytes = baseline.reduce((sum, bytes) => sum + bytes.byteLength, 0);

const corpusMicros = timings(texts);
const emptyMicros = timings(Array.from({ length: 100 }, () => '{}'));

const jsonBytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
console.log(`${corpus.length} packed attributes, ${jsonBytes} bytes of JSON, ${baselineBytes} deflated at level 9`);
console.log(`${'setting'.padEnd(30)} µs/call  µs/"{}"   bytes  +bytes/attr  max+  more units  fewer units`);
candidates.forEach((candidate, index) => {
  const packed = texts.map((text) => candidate.pack(text));
  const bytes = packed.reduce((sum, out) => sum + out.byteLength, 0);
  const growth = packed.map((out, at) => out.byteLength - (baseline[at]?.byteLength ?? 0));
  const units = packed.map((out, at) => unitsWith(at, out) - (baselineUnits[at] ?? 0));
  const more = corpus.filter((_, at) => (units[at] ?? 0) > 0).map((entry) => entry.what);
  console.log(
    [
      candidate.label.padEnd(30),
      (corpusMicros[index] ?? 0).toFixed(1).padStart(7),
      (emptyMicros[index] ?? 0).toFixed(1).padStart(8),
      String(bytes).padStart(7),
      ((bytes - baselineBytes) / corpus.length).toFixed(1).padStart(12),
      String(Math.max(...growth)).padStart(5),
      String(more.length).padStart(11),
      String(units.filter((change) => change < 0).length).padStart(12),
      more.length > 0 ? ` e.g. ${more[0]}` : '',
    ].join(' '),
  );
});
