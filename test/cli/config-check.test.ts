import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConfigChange } from '../../cli/config-check.ts';
import { readSundownConfigFile } from '../../functions/config/load.ts';
import { sundown, sundownJson } from './support.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REPO_CONFIG = join(REPO, 'sundown.config.json');
// biome-ignore lint/suspicious/noExplicitAny: a config file edited freely by the tests
const repoConfig = (): Record<string, any> => JSON.parse(readFileSync(REPO_CONFIG, 'utf8'));

let dir: string;
const write = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

/** The repository config whose first policy's first response is written in words. */
const brokenConfig = () => {
  const config = repoConfig();
  config.sla.policies[0].firstResponse = '15 minutes';
  return config;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sundown-config-check-'));
});

describe('sundown config check', () => {
  it('rejects a broken config, naming the field, with exit code 1', async () => {
    // Prepare
    const file = write('broken.json', brokenConfig());

    // Act
    const result = await sundown(['config', 'check', file, '--against', REPO_CONFIG]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is invalid:`);
    expect(result.stderr).toContain('sla.policies.0.firstResponse: must be an ISO-8601 duration');
  });

  it('lists every issue with its path in --json', async () => {
    const config = brokenConfig();
    config.accounts[0].channel = 'myspace';
    const file = write('broken-twice.json', config);

    const result = await sundownJson<{ valid: boolean; issues: { path: string }[] }>(['config', 'check', file]);

    expect(result.valid).toBe(false);
    expect(result.issues.map((issue) => issue.path)).toEqual(['accounts.0.channel', 'sla.policies.0.firstResponse']);
  });

  it('says what would change against the base: added, removed and changed entries by key', async () => {
    // Prepare: tighten one policy, drop one target and its uses, add a department and an account.
    const config = repoConfig();
    config.sla.policies[0].firstResponse = 'PT10M';
    config.escalationChains['on-call'].levels[0].notify = ['social-team'];
    config.escalationChains.social.levels[0].notify = ['social-team'];
    delete config.targets['duty-log'];
    config.departments = { ...config.departments, baggage: { notify: ['social-team'] } };
    config.accounts.push({ channel: 'instagram', id: '999', handle: 'acmeair_help' });
    const file = write('next.json', config);

    // Act
    const result = await sundownJson<{ valid: boolean; changes: ConfigChange[] }>([
      'config',
      'check',
      file,
      '--against',
      REPO_CONFIG,
    ]);

    // Assess
    expect(result.valid).toBe(true);
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { section: 'sla.policies', key: 'urgent', change: 'changed' },
        { section: 'escalationChains', key: 'on-call', change: 'changed' },
        { section: 'targets', key: 'duty-log', change: 'removed' },
        { section: 'departments', key: 'baggage', change: 'added' },
        { section: 'accounts', key: 'instagram:999', change: 'added' },
      ]),
    );
    expect(result.changes).toHaveLength(6);
  });

  it('reports no changes when the file is the base, and a summary of what it holds', async () => {
    const result = await sundown(['config', 'check', REPO_CONFIG, '--against', REPO_CONFIG]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid: brand "Acme Air", 6 accounts, 3 inbound sources, 4 SLA policies');
    expect(result.stdout).toContain(`No changes against ${REPO_CONFIG}.`);
  });

  it('refuses a config without `sla`, naming it, so no case can run without clocks', async () => {
    // Prepare
    const config = repoConfig();
    delete config.sla;
    const file = write('no-sla.json', config);

    // Act
    const result = await sundown(['config', 'check', file]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}sla: required: every case needs clocks/m);
  });

  it('refuses policies without a catch-all, and an empty policy list, naming `sla.policies`', async () => {
    // Prepare
    const onlyMatching = repoConfig();
    onlyMatching.sla.policies = onlyMatching.sla.policies.filter((policy: { match?: object }) => policy.match);
    const empty = repoConfig();
    empty.sla.policies = [];

    // Act
    const results = await Promise.all([
      sundownJson<{ valid: boolean; issues: { path: string; message: string }[] }>([
        'config',
        'check',
        write('no-catch-all.json', onlyMatching),
      ]),
      sundownJson<{ valid: boolean; issues: { path: string; message: string }[] }>([
        'config',
        'check',
        write('no-policies.json', empty),
      ]),
    ]);

    // Assess
    expect(results.map((r) => r.valid)).toEqual([false, false]);
    expect(results[0]?.issues).toEqual([
      { path: 'sla.policies', message: expect.stringContaining('add a catch-all policy (no "match")') },
    ]);
    expect(results[1]?.issues).toEqual([
      { path: 'sla.policies', message: expect.stringContaining('add at least one policy') },
    ]);
  });

  it('shows the example configs giving public posts a first-response target that runs day and night', () => {
    // Prepare
    const files = [REPO_CONFIG, join(REPO, 'examples/demo.config.json')];

    // Act
    const publicPolicies = files.map((file) => {
      const config = readSundownConfigFile(file);
      return (['x', 'facebook', 'instagram'] as const).map(
        (channel) =>
          config.sla.policies.find((p) => (p.match.channels ?? [channel]).includes(channel) && !p.match.priorities)
            ?.hours,
      );
    });

    // Assess
    expect(publicPolicies).toEqual([
      ['24x7', '24x7', '24x7'],
      ['24x7', '24x7', '24x7'],
    ]);
  });

  it('names a file that is not JSON', async () => {
    const file = write('not-json.json', '{"brand": ');

    const result = await sundown(['config', 'check', file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`sundown: ${file} is not valid JSON`));
  });

  it('works as a real process: `npx sundown config check` exits 1 naming the field', async () => {
    // Prepare
    const file = write('broken-process.json', brokenConfig());

    // Act
    const failure = await promisify(execFile)('npx', ['sundown', 'config', 'check', file], { cwd: REPO }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    const success = await promisify(execFile)('npx', ['sundown', 'config', 'check'], { cwd: REPO });

    // Assess
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('sla.policies.0.firstResponse: must be an ISO-8601 duration');
    expect(success.stdout).toContain('sundown.config.json is valid');
  }, 90_000);
});
