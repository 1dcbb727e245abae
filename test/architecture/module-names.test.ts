/**
 * Issue 16: a platform or an alert target is named only in its own folder. The CLI, the config,
 * the local stack and the CDK app read everything about one from the registries, so none of their
 * files may name one, not even in a description.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callbackSecrets, endpointSettings, targetModules } from '../../functions/alerts/targets/registry.ts';
import { CHANNELS } from '../../functions/domain/case.ts';
import { PLATFORMS } from '../../functions/platforms/derived.ts';
import { sourceFiles } from './import-graph.ts';
import { type ModuleNames, moduleNamesIn } from './module-names.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Module names that are also ordinary words of Sundown: channels (the domain's), inbound, a webhook, the team console. */
const SUNDOWN_WORDS: readonly string[] = [...CHANNELS, 'inbound', 'webhook', 'console'];

const registered = (): ModuleNames => {
  const ids = [...PLATFORMS.map((p) => p.id), ...targetModules().map((t) => t.type)];
  return {
    words: ids.filter((id) => !SUNDOWN_WORDS.includes(id)),
    declared: [
      ...PLATFORMS.flatMap(({ secrets, routes: { handshake, events } }) => [
        ...secrets.map((secret) => secret.name),
        ...(handshake ? [handshake.secret, handshake.path] : []),
        events.path,
      ]),
      ...callbackSecrets().map((secret) => secret.name),
      ...Object.values(endpointSettings('send')),
      ...Object.values(endpointSettings('callback')),
      ...targetModules().flatMap(({ callback }) => (callback ? [callback.path] : [])),
    ],
    folders: [...PLATFORMS.map((p) => `platforms/${p.id}/`), ...targetModules().map((t) => `targets/${t.type}/`)],
  };
};

const SAMPLE_NAMES: ModuleNames = {
  words: ['meta', 'slack', 'pagerduty'],
  declared: ['X_CONSUMER_SECRET', '/webhooks/x', '/webhooks/inbound/{source}'],
  folders: ['platforms/x/'],
};

describe('the module-name checker', () => {
  it('flags identifiers, strings, secret names, route paths and module folders that name a platform or a target', () => {
    // Prepare
    const source = [
      "import { crcResponse } from '../functions/platforms/x/verify.ts';",
      'const metaStep = () => undefined;',
      'const pagerDuty = 1;',
      "const name = 'SLACK_SIGNING_SECRET';",
      "const secret = 'X_CONSUMER_SECRET';",
      'const url = `' + '$' + '{base}/webhooks/x`;',
      "const source = '/webhooks/inbound/email';",
    ].join('\n');
    // Act
    const found = moduleNamesIn('cli/a.ts', source, SAMPLE_NAMES);
    // Assess
    expect(found).toEqual([
      'cli/a.ts: "../functions/platforms/x/verify.ts" (platforms/x/)',
      'cli/a.ts: "metaStep" (meta)',
      'cli/a.ts: "pagerDuty" (pagerduty)',
      'cli/a.ts: "SLACK_SIGNING_SECRET" (slack)',
      'cli/a.ts: "X_CONSUMER_SECRET" (X_CONSUMER_SECRET)',
      'cli/a.ts: "/webhooks/x" (/webhooks/x)',
      'cli/a.ts: "/webhooks/inbound/email" (/webhooks/inbound/{source})',
    ]);
  });

  it('leaves import.meta, words that merely contain a name, other paths and comments alone', () => {
    // Prepare
    const source = [
      '// Slack and PagerDuty are named in this comment only.',
      'const here = import.meta.dirname;',
      'const banner = "const require = createRequire(import.meta.url);";',
      "const metadata = { note: 'the metadata of a case', slacken: true };",
      "const other = '/webhooks/xyz';",
      'const point = { x: 1, y: 2 };',
    ].join('\n');
    // Act, Assess
    expect(moduleNamesIn('cli/b.ts', source, SAMPLE_NAMES)).toEqual([]);
  });
});

describe('bin/, cli/, functions/config/, local/ and lib/', () => {
  it('name no platform or alert target: they read them from the registries', () => {
    // Prepare
    const names = registered();
    const files = ['bin', 'cli', 'functions/config', 'local', 'lib'].flatMap((dir) => sourceFiles(root, dir));
    // Act
    const found = files.flatMap((file) => moduleNamesIn(file, readFileSync(path.join(root, file), 'utf8'), names));
    // Assess
    expect(names.words).toEqual(expect.arrayContaining(['meta', 'slack', 'pagerduty', 'teams']));
    expect(found).toEqual([]);
  });
});
