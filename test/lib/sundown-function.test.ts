import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueWithDlq } from '../../lib/constructs/queue-with-dlq.ts';
import { SundownFunction } from '../../lib/constructs/sundown-function.ts';
import { repoConfig, testApp } from './sundown-templates.ts';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const config = repoConfig();

describe('SundownFunction', () => {
  // Inside node_modules, so the bundle's external @aws-sdk import resolves as the runtime's would on Lambda.
  const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  mkdirSync(cacheDir, { recursive: true });
  const outdir = mkdtempSync(join(cacheDir, 'sundown-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const synthProbe = (name: string, context: Record<string, string> = {}) => {
    const app = new App({ outdir: join(outdir, name), context: { 'aws:cdk:bundling-stacks': [name], ...context } });
    const stack = new Stack(app, name);
    new SundownFunction(stack, 'Probe', { entry: fixture('bundle-probe.mjs'), config });
    app.synth();
    const assetDir = readdirSync(join(outdir, name)).find((entry) => entry.startsWith('asset.')) ?? '';
    const variables = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]?.Properties
      .Environment.Variables;
    return { asset: join(outdir, name, assetDir), variables };
  };

  it('bundles a minified ES module that can require Node built-ins, carries the validated config and requires the AWS SDK from the runtime', () => {
    // Prepare + Act: real esbuild bundling, for this one small stack only.
    const { asset } = synthProbe('Probe');
    const bundle = join(asset, 'index.mjs');
    const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(JSON.stringify(await m.handler()));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const code = readFileSync(bundle, 'utf8');

    // Assess
    expect(JSON.parse(output)).toEqual({ eol: '\n', sdk: 'function', config: JSON.parse(JSON.stringify(config)) });
    // Required, not imported: Node's ES module loader would lex every file of the SDK.
    expect(code).toContain('"@aws-sdk/client-sqs"');
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).not.toContain('\n  ');
  });

  it('keeps source maps out of the deployed asset and NODE_OPTIONS unset by default', () => {
    const { asset, variables } = synthProbe('Plain');

    expect(readdirSync(asset)).toEqual(['index.mjs']);
    expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).not.toContain('sourceMappingURL');
    expect(variables).not.toHaveProperty('NODE_OPTIONS');
  });

  it('ships a source map without the sources and runs with --enable-source-maps when -c sourceMaps=true', () => {
    const { asset, variables } = synthProbe('Mapped', { sourceMaps: 'true' });

    const map = JSON.parse(readFileSync(join(asset, 'index.mjs.map'), 'utf8'));
    expect(map.sources.length).toBeGreaterThan(0);
    expect(map).not.toHaveProperty('sourcesContent');
    expect(variables).toMatchObject({ NODE_OPTIONS: '--enable-source-maps' });
  });

  it('refuses a sourceMaps context value other than true or false', () => {
    const stack = new Stack(testApp(), 'Maps');
    stack.node.setContext('sourceMaps', 'yes');

    expect(() => new SundownFunction(stack, 'Fn', { entry: fixture('bundle-probe.mjs'), config })).toThrow(
      'context sourceMaps must be true or false, got "yes"',
    );
  });

  it('binds each resource with its environment variable and grant together', () => {
    const stack = new Stack(testApp(), 'Bindings');
    const fn = new SundownFunction(stack, 'Fn', { entry: fixture('bundle-probe.mjs'), config });

    fn.sendTo(new Queue(stack, 'Outbox'), 'OUTBOX_QUEUE_URL');

    const template = Template.fromStack(stack);
    const variables = template.findResources('AWS::Lambda::Function');
    expect(Object.values(variables)[0]?.Properties.Environment.Variables).toHaveProperty('OUTBOX_QUEUE_URL');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']) })] },
    });
  });

  it('refuses to bind the same environment variable to two resources', () => {
    const stack = new Stack(testApp(), 'Twice');
    const fn = new SundownFunction(stack, 'Fn', { entry: fixture('bundle-probe.mjs'), config });
    fn.sendTo(new Queue(stack, 'First'));

    expect(() => fn.sendTo(new Queue(stack, 'Second'))).toThrow(/INTAKE_QUEUE_URL is already bound/);
    expect(() => fn.sendTo(new Queue(stack, 'Third'), 'intakeUrl')).toThrow(/UPPER_SNAKE_CASE/);
  });

  it('fails at synth with a message naming a missing entry or an out-of-range setting', () => {
    const stack = new Stack(testApp(), 'Invalid');
    const missing = fixture('nope.ts');

    expect(() => new SundownFunction(stack, 'A', { entry: missing, config })).toThrow(
      `entry ${missing} does not exist`,
    );
    expect(
      () => new SundownFunction(stack, 'B', { entry: fixture('bundle-probe.mjs'), config, memorySize: 64 }),
    ).toThrow(/memorySize must be an integer from 128 to 10240/);
  });
});

describe('QueueWithDlq', () => {
  it('refuses a consumer that can run longer than the visibility timeout', () => {
    const stack = new Stack(testApp(), 'Consumer');
    const queue = new QueueWithDlq(stack, 'Work', {
      visibilityTimeout: Duration.seconds(20),
      alarmTopic: new Topic(stack, 'Alarms'),
    });
    const fn = new SundownFunction(stack, 'Slow', {
      entry: fixture('bundle-probe.mjs'),
      config,
      timeout: Duration.seconds(30),
    });

    expect(() => queue.addConsumer(fn)).toThrow(/visibilityTimeout \(20 s\) is shorter than the timeout/);
  });

  it('rejects a maxReceiveCount outside 1..1000', () => {
    const stack = new Stack(testApp(), 'Receives');
    const alarmTopic = new Topic(stack, 'Alarms');

    expect(
      () =>
        new QueueWithDlq(stack, 'Work', { visibilityTimeout: Duration.seconds(30), maxReceiveCount: 0, alarmTopic }),
    ).toThrow(/maxReceiveCount must be an integer from 1 to 1000, got 0/);
  });
});
