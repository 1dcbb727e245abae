/**
 * Builds Sundown's stacks the way `cdk synth` does (same feature flags from cdk.json, the repo's
 * sundown.config.json) but without esbuild and without the built-in CloudFormation validation,
 * so each test file synthesizes in well under a second.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { parseSundownConfig, readSundownConfigFile } from '../../functions/config/load.ts';
import type { SundownConfig } from '../../functions/config/schema.ts';
import { buildSundownApp, type SundownAppOptions } from '../../lib/sundown-app.ts';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const cdkJsonContext: Record<string, unknown> = JSON.parse(readFileSync(repoFile('cdk.json'), 'utf8')).context;

export const repoConfig = (): SundownConfig => readSundownConfigFile(repoFile('sundown.config.json'));

/** sundown.config.json with `changes` over its top-level fields, validated as bin/app.ts validates the real file. */
export const repoConfigWith = (changes: Record<string, unknown>): SundownConfig => {
  const repo = JSON.parse(readFileSync(repoFile('sundown.config.json'), 'utf8'));
  const variant = { ...repo, ...changes };
  // A variant with targets of its own keeps the repository's fallback only if it still names one of them.
  const targets = variant.targets as Record<string, unknown>;
  if (changes.targets && !changes.alerts && !(variant.alerts?.fallback in targets)) {
    const { fallback: _dropped, ...alerts } = variant.alerts ?? {};
    variant.alerts = alerts;
  }
  return parseSundownConfig(variant, 'sundown.config.json (test variant)');
};

/**
 * The repository config's sections that name alert targets (surge, departments), pointed at
 * `target`, so a variant can replace `targets` and stay valid however the repo config grows.
 */
const referencingOnly = (target: string): Record<string, unknown> => {
  const repo = JSON.parse(readFileSync(repoFile('sundown.config.json'), 'utf8'));
  const departments = Object.entries((repo.departments ?? {}) as Record<string, Record<string, unknown>>).map(
    ([name, { escalation: _chain, ...department }]) => [name, { ...department, notify: [target] }],
  );
  return { surge: { ...repo.surge, notify: [] }, departments: Object.fromEntries(departments) };
};

/** Two e-mail targets next to a Slack one, and a fixed public URL for the links in alerts. */
export const emailTargetsConfig = (): SundownConfig =>
  repoConfigWith({
    ...referencingOnly('support-channel'),
    publicBaseUrl: 'https://sundown.example.com',
    sla: { policies: [{ name: 'all', firstResponse: 'PT30M', escalation: 'support' }] },
    escalationChains: {
      support: { levels: [{ notify: ['support-channel'] }, { notify: ['on-call', 'managers'], after: 'PT10M' }] },
    },
    targets: {
      'on-call': { type: 'email', addresses: ['oncall@example.com', 'duty-manager@example.com'] },
      managers: { type: 'email', addresses: ['managers@example.com'] },
      'support-channel': { type: 'slack', webhookUrlSecret: 'SLACK_SUPPORT_WEBHOOK_URL' },
    },
  });

/** The repository config with its alert targets cut down to one Slack channel: no e-mail at all. */
export const noEmailConfig = (): SundownConfig =>
  repoConfigWith({
    ...referencingOnly('support-channel'),
    sla: { policies: [{ name: 'all', firstResponse: 'PT30M', escalation: 'support' }] },
    escalationChains: { support: { levels: [{ notify: ['support-channel'] }] } },
    targets: { 'support-channel': { type: 'slack', webhookUrlSecret: 'SLACK_SUPPORT_WEBHOOK_URL' } },
  });

export const testApp = (): App =>
  new App({
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });

export const synthSundown = (options: Partial<SundownAppOptions> = {}) => {
  const stacks = buildSundownApp(testApp(), { config: repoConfig(), stage: 'dev', ...options });
  return { stacks, state: Template.fromStack(stacks.state), service: Template.fromStack(stacks.service) };
};

export type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
export type Statement = { Effect: string; Action: string[]; Resource: unknown[] };

export const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)).map(([id, resource]) => [
    id,
    { Properties: {}, ...resource } as Resource,
  ]);

/** The one resource of `type`; fails the test when there are none or several. */
export const onlyResource = (template: Template, type: string): Resource => {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return (found[0] as [string, Resource])[1];
};

export const logicalIdOf = (construct: IConstruct): string =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

type Output = { Value: unknown; Export?: { Name: string } };

/**
 * Replaces a cross-stack reference (`Fn::GetStackOutput` for weak references, `Fn::ImportValue`
 * for strong ones) with the value the producing stack outputs, so tests can say "on the intake queue".
 */
export const resolveCrossStack = (value: unknown, producer: Template): unknown => {
  const outputs = Object.entries(producer.toJSON().Outputs as Record<string, Output>);
  const lookup = (found: [string, Output] | undefined, what: string): unknown => {
    if (!found) throw new Error(`the producing stack has no output for ${what}`);
    return found[1].Value;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    if ('Fn::GetStackOutput' in record) {
      const { OutputName } = record['Fn::GetStackOutput'] as { OutputName: string };
      return lookup(
        outputs.find(([name]) => name === OutputName),
        OutputName,
      );
    }
    if ('Fn::ImportValue' in record) {
      const exportName = String(record['Fn::ImportValue']);
      return lookup(
        outputs.find(([, output]) => output.Export?.Name === exportName),
        exportName,
      );
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, visit(inner)]));
  };
  return visit(value);
};

/** Every IAM statement attached to the role of the Lambda function `functionLogicalId`. */
export const statementsOfFunction = (template: Template, functionLogicalId: string): Statement[] => {
  const fn = template.toJSON().Resources[functionLogicalId] as Resource;
  const [roleId] = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((role) => isRef(role, roleId)))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
    .map((statement) => ({
      Effect: statement.Effect as string,
      Action: ([] as string[]).concat(statement.Action as string | string[]),
      Resource: ([] as unknown[]).concat(statement.Resource),
    }));
};

/** The environment variables of the Lambda function `functionLogicalId`, tokens left as the template has them. */
export const environmentOf = (template: Template, functionLogicalId: string): Record<string, unknown> => {
  const fn = template.toJSON().Resources[functionLogicalId] as Resource | undefined;
  if (!fn) throw new Error(`the template has no function ${functionLogicalId}`);
  return (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
};

export const isRef = (value: unknown, logicalId: string): boolean =>
  JSON.stringify(value) === JSON.stringify({ Ref: logicalId });

export const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
