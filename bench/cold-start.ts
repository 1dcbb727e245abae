/**
 * Cold start: each function bundled as `cdk deploy` bundles it (lib/constructs/bundling.ts),
 * its size, and how long a fresh Node process takes to load it compared with an empty module;
 * what the webhook receiver's bundle is made of, and what zod/mini would change. See bench/README.md.
 *
 *   npm run bench:cold-start -- [--rounds 9] [--no-source-maps]
 */
import './support/quiet-handlers.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSundownConfigFile } from '../functions/config/load.ts';
import { FUNCTION_ENTRIES } from '../functions/handlers/routes.ts';
import { type Bundle, bundleFunction, englishOnlyZodLocales } from './cold-start/bundle.ts';
import { measureLoadTimes } from './cold-start/load-time.ts';
import { bundleTable, hygieneTable, zodTable } from './cold-start/report.ts';
import { load, machine } from './support/machine.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    'no-source-maps': { type: 'boolean', default: false },
  },
  // npm run bench passes every benchmark the same arguments; the others' are not ours to refuse.
  strict: false,
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds <= 0)
  throw new Error(`--rounds must be a positive whole number, got "${values.rounds}"`);
// The functions run with NODE_OPTIONS=--enable-source-maps (lib/constructs/sundown-function.ts).
const nodeFlags = values['no-source-maps'] ? [] : ['--enable-source-maps'];

const root = new URL('../', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'sundown-cold-start-'));
const loadBefore = load();
const startedAt = Date.now();
try {
  const config = readSundownConfigFile(join(root, 'sundown.config.json'));
  const bundles: Bundle[] = [];
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
    bundles.push(await bundleFunction({ name, entry: join(root, entry), outDir: workDir, config }));
  }
  const probe = (name: string) =>
    bundleFunction({
      name,
      entry: join(import.meta.dirname, 'cold-start', `${name}.probe.ts`),
      outDir: workDir,
      config,
    });
  const receiverEntry = join(root, FUNCTION_ENTRIES.webhooks);
  const englishOnly = await bundleFunction({
    name: 'webhooks, zod locales: English only',
    entry: receiverEntry,
    outDir: workDir,
    config,
    plugins: [englishOnlyZodLocales],
  });
  const classic = await probe('zod-classic');
  const mini = await probe('zod-mini');
  const emptyFile = join(workDir, 'empty.mjs');
  writeFileSync(emptyFile, 'export {};\n');

  console.error(`[bench] bundled ${bundles.length} functions; loading each ${rounds} times`);
  const loads = measureLoadTimes({
    modules: [
      { name: 'empty', file: emptyFile },
      ...[...bundles, englishOnly, classic, mini].map((b) => ({ name: b.name, file: b.file })),
    ],
    rounds,
    workDir,
    nodeFlags,
  });
  const loadOf = (name: string) => {
    const found = loads.find((l) => l.name === name);
    if (!found) throw new Error(`no load time for ${name}`);
    return found;
  };
  const receiver = bundles.find((b) => b.name === 'webhooks');
  if (!receiver) throw new Error('FUNCTION_ENTRIES has no webhooks function');

  console.log(bundleTable(bundles, loads, loadOf('empty'), rounds));
  console.log(hygieneTable(receiver, 12));
  console.log(
    zodTable(
      { bundle: classic, load: loadOf(classic.name) },
      { bundle: mini, load: loadOf(mini.name) },
      receiver,
      { bundle: englishOnly, load: loadOf(englishOnly.name) },
      loadOf(receiver.name),
    ),
  );
  console.log(`Node flags: ${nodeFlags.join(' ') || '(none)'}.`);
  console.log(`Machine: ${machine()}; load average ${loadBefore} at start, ${load()} at end.`);
  console.log(`Wall time: ${Math.round((Date.now() - startedAt) / 1000)} s.`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
