import { App, Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { buildSundownApp } from '../../lib/sundown-app.ts';
import { emailTargetsConfig, noEmailConfig, repoConfigWith, testApp } from './sundown-templates.ts';

/** Every finding cdk-nag's AwsSolutions pack still reports (errors and warnings), as `severity rule path`. */
const nagFindings = (scope: IConstruct): string[] =>
  new AwsSolutionsChecks(undefined, { verbose: true })
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));

const synthesized = (config: SundownConfig, stage: string, protect: boolean) => {
  const app = testApp();
  const stacks = buildSundownApp(app, { config, stage, protect, alarmEmail: 'ops@example.com' });
  app.synth();
  return stacks;
};

/** Every acknowledgment in the tree, as rule id -> reason. */
const acknowledgments = (scope: IConstruct): [string, string][] =>
  scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, unknown>))
    .map(([id, reason]) => [id, typeof reason === 'string' ? reason : JSON.stringify(reason)]);

describe('cdk-nag AwsSolutions checks', () => {
  describe.each([
    ['prod with e-mail targets', emailTargetsConfig(), 'prod', true],
    ['dev without e-mail targets', noEmailConfig(), 'dev', true],
    ['a disposable stage (no PITR)', noEmailConfig(), 'dev', false],
    [
      'a custom domain in a Route 53 zone',
      repoConfigWith({
        deployment: {
          domain: { name: 'hooks.example.com', hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' } },
        },
      }),
      'prod',
      true,
    ],
  ])('%s', (_name, config, stage, protect) => {
    // Prepare
    const stacks = synthesized(config, stage, protect);

    it.each(['state', 'service'] as const)('leaves no unacknowledged error or warning in the %s stack', (which) => {
      // Act
      const findings = nagFindings(stacks[which]);

      // Assess
      expect(findings).toEqual([]);
    });

    it('gives every acknowledged finding a real reason', () => {
      const acknowledged = [...acknowledgments(stacks.state), ...acknowledgments(stacks.service)];

      expect(acknowledged.length).toBeGreaterThan(0);
      for (const [id, reason] of acknowledged) {
        expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
        expect(reason.length, id).toBeGreaterThan(40);
      }
    });
  });

  it('does report what it should: a topic that allows plain HTTP publishers', () => {
    // Prepare
    const stack = new Stack(new App(), 'Probe');
    new Topic(stack, 'PlainTopic');

    // Act
    const findings = nagFindings(stack);

    // Assess
    expect(findings).toContain('error AwsSolutions-SNS3 Probe/PlainTopic/Resource');
  });
});
