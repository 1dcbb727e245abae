import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const outdir = mkdtempSync(join(tmpdir(), 'sundown-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles an ES module that can require Node built-ins and carries the validated config', () => {
    // Prepare: real esbuild bundling, for this one small stack only.
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['Probe'] } });
    const stack = new Stack(app, 'Probe');
    new SundownFunction(stack, 'Probe', { entry: fixture('bundle-probe.mjs'), config });

    // Act
    app.synth();
    const assetDir = readdirSync(outdir).find((name) => name.startsWith('asset.')) ?? '';
    const bundle = join(outdir, assetDir, 'index.mjs');
    const script = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(JSON.stringify(await m.handler()));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

    // Assess
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(JSON.parse(output)).toEqual({ eol: '\n', config: JSON.parse(JSON.stringify(config)) });
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
