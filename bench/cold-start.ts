/**
 * Cold start: each function bundled as `cdk deploy` bundles it (lib/constructs/bundling.ts), its
 * size beside issue 14's goals, what dominates it, and how long a fresh Node process takes to load it
 * compared with an empty module (paired, rotated runs), as deployed and with -c sourceMaps=true.
 * Writes the tables to bench/results/<date>-cold-start.md as well. See bench/README.md.
 *
 *   npm run bench:cold-start -- [--rounds 9]
 */
import './support/quiet-handlers.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSundownConfigFile } from '../functions/config/load.ts';
import { FUNCTION_ENTRIES } from '../functions/handlers/routes.ts';
import { type SundownBundlingOptions, sundownNodeOptions } from '../lib/constructs/bundling.ts';
import { type Bundle, bundleFunction } from './cold-start/bundle.ts';
import { measureLoadRatios } from './cold-start/load-time.ts';
import { contentsTable, floorTable, GOALS, loadTable, sdkTable, sizeTable, zodTable } from './cold-start/report.ts';
import { sdkFloors } from './cold-start/sdk-floor.ts';
import { printHeadlines } from './support/figures.ts';
import { load, machine } from './support/machine.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '9' } },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds <= 0)
  throw new Error(`--rounds must be a positive whole number, got "${values.rounds}"`);

const root = new URL('../', import.meta.url).pathname;
// Inside node_modules, so the bundles' runtime-provided imports (@aws-sdk/*) resolve and their load is counted.
const cacheDir = join(root, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const workDir = mkdtempSync(join(cacheDir, 'sundown-cold-start-'));
const loadBefore = load();
const startedAt = Date.now();
/** Bundled once more with the SDK inside, to show what taking it from the runtime costs at load. */
const SDK_PROBES = ['webhooks', 'intake'] as const;
const bundleOf = (bundles: readonly Bundle[], name: string): Bundle => {
  const found = bundles.find((b) => b.name === name);
  if (!found) throw new Error(`no bundle named ${name}`);
  return found;
};
const MODES: Record<'deployed' | 'debug', SundownBundlingOptions> = {
  deployed: { sourceMaps: false },
  debug: { sourceMaps: true },
};
try {
  const config = readSundownConfigFile(join(root, 'sundown.config.json'));
  const bundleAll = async (mode: keyof typeof MODES): Promise<Bundle[]> => {
    const bundles: Bundle[] = [];
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
      const outDir = join(workDir, mode);
      bundles.push(await bundleFunction({ name, entry: join(root, entry), outDir, config, bundling: MODES[mode] }));
    }
    return bundles;
  };
  const deployed = await bundleAll('deployed');
  const debug = await bundleAll('debug');
  const probe = (name: string) =>
    bundleFunction({
      name,
      entry: join(import.meta.dirname, 'cold-start', `${name}.probe.ts`),
      outDir: join(workDir, 'probes'),
      config,
    });
  const sdkBundled = await Promise.all(
    SDK_PROBES.map((name) =>
      bundleFunction({
        name: `${name}, SDK bundled`,
        entry: join(root, FUNCTION_ENTRIES[name]),
        outDir: join(workDir, 'probes'),
        config,
        // Neither external nor aliased to the runtime-SDK shims: esbuild bundles the SDK itself.
        overrides: { external: [], alias: {} },
      }),
    ),
  );
  const classic = await probe('zod-classic');
  const mini = await probe('zod-mini');
  const emptyFile = join(workDir, 'empty.mjs');
  writeFileSync(emptyFile, 'export {};\n');

  console.error(`[bench] bundled ${deployed.length} functions twice; ${rounds} rounds of paired loads`);
  const subjectsOf = (bundles: readonly Bundle[], mode: keyof typeof MODES) =>
    bundles.map((b) => ({ name: b.name, file: b.file, nodeFlags: sundownNodeOptions(MODES[mode]) }));
  const env = productionEnv(config.operations.logLevel);
  const measure = (subjects: ReturnType<typeof subjectsOf>) =>
    measureLoadRatios({ subjects, emptyFile, rounds, workDir, env });
  const floors = sdkFloors({ bundles: deployed, workDir, env });
  const floorSubjects = floors.map((floor) => ({
    name: `${floor.name}, SDK alone`,
    file: floor.file,
    nodeFlags: sundownNodeOptions(MODES.deployed),
  }));
  const deployedLoads = measure([
    ...subjectsOf([...deployed, classic, mini, ...sdkBundled], 'deployed'),
    ...floorSubjects,
  ]);
  const debugLoads = measure(subjectsOf(debug, 'debug'));
  const loadOf = (name: string) => {
    const found = deployedLoads.find((l) => l.name === name);
    if (!found) throw new Error(`no load time for ${name}`);
    return found;
  };

  const report = [
    sizeTable(deployed, debug),
    loadTable(
      deployed.map((b) => b.name),
      deployedLoads,
      debugLoads,
      rounds,
    ),
    sdkTable(
      SDK_PROBES.map((name, i) => ({
        name,
        fromRuntime: { bundle: bundleOf(deployed, name), load: loadOf(name) },
        bundled: { bundle: sdkBundled[i] as Bundle, load: loadOf(`${name}, SDK bundled`) },
      })),
    ),
    floorTable(floors, loadOf),
    contentsTable(deployed, 10),
    zodTable({ bundle: classic, load: loadOf(classic.name) }, { bundle: mini, load: loadOf(mini.name) }),
    `Environment as deployed (${Object.keys(productionEnv('INFO')).join(', ')}); Node flags: as deployed none, with -c sourceMaps=true ${sundownNodeOptions(MODES.debug).join(' ')}.`,
    `Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`,
    `Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s. Command: npm run bench:cold-start -- --rounds ${rounds}`,
  ].join('\n');
  console.log(report);
  const resultFile = join(root, 'bench', 'results', `${new Date().toISOString().slice(0, 10)}-cold-start.md`);
  writeFileSync(resultFile, `# Cold start, ${new Date().toISOString()}\n${report}\n`);
  console.error(`[bench] wrote ${resultFile}`);
  const command = `npm run bench:cold-start -- --rounds ${rounds}`;
  const others = deployed.filter((b) => b.name !== 'webhooks');
  const largest = Math.max(...others.map((b) => b.bytes));
  const worst = others.map((b) => loadOf(b.name)).sort((a, b) => b.process.median - a.process.median)[0];
  const receiverLoad = loadOf('webhooks').process;
  const kb = (bytes: number) => Math.round(bytes / 1024);
  printHeadlines('cold-start', [
    {
      figure: 'Receiver bundle, minified',
      value: kb(bundleOf(deployed, 'webhooks').bytes),
      unit: 'KB',
      goal: { atMost: kb(GOALS.receiverBytes) },
      command,
    },
    {
      figure: 'Largest other function bundle',
      value: kb(largest),
      unit: 'KB',
      goal: { atMost: kb(GOALS.functionBytes) },
      command,
    },
    {
      figure: 'Receiver load, whole process × empty module',
      value: receiverLoad.median,
      unit: '×',
      range: { min: receiverLoad.min, max: receiverLoad.max },
      goal: { atMost: GOALS.loadRatio },
      command,
    },
    ...(worst
      ? [
          {
            figure: `Slowest other function to load (${worst.name}) × empty module`,
            value: worst.process.median,
            unit: '×',
            range: { min: worst.process.min, max: worst.process.max },
            goal: { atMost: GOALS.loadRatio },
            command,
          },
        ]
      : []),
  ]);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** What Lambda and the CDK set for every function: JSON logs at the configured level, EMF metrics. */
function productionEnv(logLevel: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'sundown-cold-start',
    AWS_LAMBDA_LOG_FORMAT: 'JSON',
    AWS_LAMBDA_LOG_LEVEL: logLevel,
    POWERTOOLS_SERVICE_NAME: 'sundown',
    POWERTOOLS_METRICS_NAMESPACE: 'Sundown',
    SUNDOWN_METRICS: 'emf',
    SUNDOWN_STAGE: 'bench',
  };
}
