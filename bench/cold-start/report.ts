/** The cold-start benchmark's tables. */
import { count, table } from '../support/figures.ts';
import type { Bundle } from './bundle.ts';
import { bytesByPackage } from './bundle.ts';
import type { LoadTime } from './load-time.ts';

const kb = (bytes: number): string => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;
const msText = (value: number): string => `${value.toFixed(1)} ms`;
const ratio = (value: number, floor: number): string => `${(value / floor).toFixed(2)}×`;

export const bundleTable = (
  bundles: readonly Bundle[],
  loads: readonly LoadTime[],
  empty: LoadTime,
  rounds: number,
): string =>
  table(
    `Function bundles (esbuild with the CDK options) and module-load time, median of ${rounds} fresh node processes`,
    ['Function', 'Bundle', 'gzip', 'Process (spawn → exit)', '× empty module', 'import() alone', '× empty module'],
    [
      ...bundles.map((bundle) => {
        const load = loads.find((l) => l.name === bundle.name);
        return [
          bundle.name,
          kb(bundle.bytes),
          kb(bundle.gzipBytes),
          msText(load?.processMs ?? Number.NaN),
          ratio(load?.processMs ?? Number.NaN, empty.processMs),
          msText(load?.importMs ?? Number.NaN),
          ratio(load?.importMs ?? Number.NaN, empty.importMs),
        ];
      }),
      ['(empty module)', '0 KB', '0 KB', msText(empty.processMs), '1.00×', msText(empty.importMs), '1.00×'],
    ],
  );

export const hygieneTable = (bundle: Bundle, top: number): string => {
  const rows = [...bytesByPackage(bundle)];
  const shown = rows.slice(0, top);
  const rest = rows.slice(top).reduce((sum, [, bytes]) => sum + bytes, 0);
  const share = (bytes: number) => `${((100 * bytes) / bundle.bytes).toFixed(1)} %`;
  return table(
    `What the ${bundle.name} bundle holds: minified bytes by package (esbuild metafile), ${count(rows.length)} packages and folders`,
    ['Package or folder', 'Bytes', 'Share'],
    [
      ...shown.map(([name, bytes]) => [name, kb(bytes), share(bytes)]),
      [`${count(rows.length - shown.length)} others`, kb(rest), share(rest)],
    ],
  );
};

export interface ZodProbe {
  readonly bundle: Bundle;
  readonly load: LoadTime;
}

export const zodTable = (
  classic: ZodProbe,
  mini: ZodProbe,
  receiver: Bundle,
  englishOnly: ZodProbe,
  receiverLoad: LoadTime,
): string => {
  const zodInReceiver = bytesByPackage(receiver).get('zod') ?? 0;
  return table(
    'zod in the receiver: the intake event contract alone in zod and in zod/mini, and the receiver with English-only zod locales (experiments, bundled and loaded the same way)',
    ['Variant', 'Bundle', 'gzip', 'import() alone'],
    [
      [
        `${receiver.name} as deployed (zod: ${kb(zodInReceiver)})`,
        kb(receiver.bytes),
        kb(receiver.gzipBytes),
        msText(receiverLoad.importMs),
      ],
      [
        englishOnly.bundle.name,
        kb(englishOnly.bundle.bytes),
        kb(englishOnly.bundle.gzipBytes),
        msText(englishOnly.load.importMs),
      ],
      [
        'the event contract alone, zod (classic)',
        kb(classic.bundle.bytes),
        kb(classic.bundle.gzipBytes),
        msText(classic.load.importMs),
      ],
      [
        'the event contract alone, zod/mini',
        kb(mini.bundle.bytes),
        kb(mini.bundle.gzipBytes),
        msText(mini.load.importMs),
      ],
    ],
  );
};
