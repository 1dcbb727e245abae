/** The cold-start benchmark's tables, each figure beside issue 14's goal. */
import { table } from '../support/figures.ts';
import type { Bundle } from './bundle.ts';
import { bytesByPackage } from './bundle.ts';
import type { LoadRatio, Spread } from './load-time.ts';
import type { SdkFloor } from './sdk-floor.ts';

export const GOALS = { receiverBytes: 250 * 1024, functionBytes: 500 * 1024, loadRatio: 3 };

const kb = (bytes: number): string => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;
const times = (value: number): string => `${value.toFixed(2)}×`;
const spread = (s: Spread): string => `${times(s.median)} (${times(s.min)}–${times(s.max)})`;
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

export const sizeGoalOf = (name: string): number => (name === 'webhooks' ? GOALS.receiverBytes : GOALS.functionBytes);

export const sizeTable = (deployed: readonly Bundle[], debug: readonly Bundle[]): string =>
  table(
    'Bundles as deployed (minified, AWS SDK from the runtime, no source map in the asset), and with -c sourceMaps=true',
    ['Function', 'index.mjs', 'gzip', 'Goal', 'Verdict', 'with -c sourceMaps=true: index.mjs + map'],
    deployed.map((bundle) => {
      const goal = sizeGoalOf(bundle.name);
      const withMaps = debug.find((b) => b.name === bundle.name);
      return [
        bundle.name,
        kb(bundle.bytes),
        kb(bundle.gzipBytes),
        `≤ ${kb(goal)}`,
        verdict(bundle.bytes <= goal),
        withMaps ? `${kb(withMaps.bytes)} + ${kb(withMaps.mapBytes)}` : 'n/a',
      ];
    }),
  );

export const loadTable = (
  names: readonly string[],
  deployed: readonly LoadRatio[],
  debug: readonly LoadRatio[],
  rounds: number,
): string =>
  table(
    `Module load ÷ an empty module, paired runs: median (range) of ${rounds} rotated pairs per row; goal ≤ ${times(GOALS.loadRatio)} whole process`,
    [
      'Function',
      'Whole process, as deployed',
      'Verdict',
      'import() alone',
      'ms (empty)',
      'Whole process, -c sourceMaps=true',
      'import() alone',
    ],
    names.map((name) => {
      const plain = deployed.find((l) => l.name === name);
      const maps = debug.find((l) => l.name === name);
      if (!plain || !maps) throw new Error(`no load time for ${name}`);
      return [
        name,
        spread(plain.process),
        verdict(plain.process.median <= GOALS.loadRatio),
        spread(plain.importOnly),
        `${plain.processMs.toFixed(0)} (${plain.emptyProcessMs.toFixed(0)})`,
        spread(maps.process),
        spread(maps.importOnly),
      ];
    }),
  );

/** What dominates each bundle: its ten largest packages (our own code by top folder), minified KB. */
export const contentsTable = (bundles: readonly Bundle[], top: number): string =>
  table(
    `What each bundle holds: the ${top} largest packages or folders, minified KB (esbuild metafile)`,
    ['Function', `Top ${top}`],
    bundles.map((bundle) => [
      bundle.name,
      [...bytesByPackage(bundle)]
        .slice(0, top)
        .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)}`)
        .join(', '),
    ]),
  );

export interface ZodProbe {
  readonly bundle: Bundle;
  readonly load: LoadRatio;
}

export const zodTable = (classic: ZodProbe, mini: ZodProbe): string =>
  table(
    'zod/mini, an option not taken: the intake event contract alone in zod (imported as a namespace) and in zod/mini, bundled and loaded the same way',
    ['Variant', 'Bundle', 'gzip', 'Whole process ÷ empty', 'import() ÷ empty'],
    [classic, mini].map(({ bundle, load }) => [
      bundle.name,
      kb(bundle.bytes),
      kb(bundle.gzipBytes),
      spread(load.process),
      spread(load.importOnly),
    ]),
  );

export interface SdkProbe {
  readonly name: string;
  readonly fromRuntime: ZodProbe;
  readonly bundled: ZodProbe;
}

/** The price of the size goals: the SDK taken from the runtime still loads, from many CommonJS files. */
export const sdkTable = (probes: readonly SdkProbe[]): string =>
  table(
    'The AWS SDK from the runtime (as deployed) or bundled: bundle size and whole-process load ÷ empty module, paired runs',
    ['Function', 'SDK from the runtime', 'load', 'SDK bundled', 'load'],
    probes.map(({ name, fromRuntime, bundled }) => [
      name,
      kb(fromRuntime.bundle.bytes),
      spread(fromRuntime.load.process),
      kb(bundled.bundle.bytes),
      spread(bundled.load.process),
    ]),
  );

/** How much of each function's load is the runtime SDK it loads at start, measured in the same rounds. */
export const floorTable = (floors: readonly SdkFloor[], loadOf: (name: string) => LoadRatio): string =>
  table(
    `The floor: the runtime SDK packages each function has loaded once imported, required alone (nothing of the bundle), whole process ÷ empty module in the same paired rounds; goal ≤ ${times(GOALS.loadRatio)}`,
    ['Function', 'SDK packages at start', 'SDK alone', 'Function as deployed', 'ms: SDK alone, function (empty)'],
    floors.map(({ name, packages }) => {
      const alone = loadOf(`${name}, SDK alone`);
      const whole = loadOf(name);
      return [
        name,
        packages.map((p) => p.replace('@aws-sdk/', '')).join(', ') || 'none',
        spread(alone.process),
        spread(whole.process),
        `${alone.processMs.toFixed(0)}, ${whole.processMs.toFixed(0)} (${whole.emptyProcessMs.toFixed(0)})`,
      ];
    }),
  );
