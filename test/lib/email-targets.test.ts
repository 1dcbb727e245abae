import { describe, expect, it } from 'vitest';
import {
  emailTargetsConfig,
  environmentOf,
  logicalIdOf,
  noEmailConfig,
  resourcesOf,
  synthSundown,
} from './sundown-templates.ts';

/**
 * Renders an `Fn::Join` of literals and `Ref`s as text, each `Ref` as `<ref:LogicalId>`,
 * so a JSON value built from tokens can be compared as JSON.
 */
const renderJoin = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((part) => (typeof part === 'string' ? part : `<ref:${(part as { Ref: string }).Ref}>`))
    .join(separator);
};

describe('e-mail alert targets', () => {
  // Prepare: a config with two e-mail targets and a Slack one, and the repo config with none.
  const config = emailTargetsConfig();
  const withEmail = synthSundown({ config });
  const withoutEmail = synthSundown({ config: noEmailConfig() });
  const emailTargets = Object.entries(config.targets).flatMap(([name, target]) =>
    target.type === 'email' ? [{ name, addresses: target.addresses }] : [],
  );
  const topics = withEmail.stacks.service.emailTopics;
  const topicIdOf = (target: string): string => {
    const topic = topics[target];
    if (!topic) throw new Error(`no SNS topic for the e-mail target ${target}`);
    return logicalIdOf(topic);
  };
  const alertWorkerEnvironment = (synth: typeof withEmail) =>
    environmentOf(synth.service, logicalIdOf(synth.stacks.service.alertWorker));

  it('creates one SNS topic per e-mail target and none for other targets', () => {
    expect(emailTargets.map(({ name }) => name)).toEqual(['on-call', 'managers']);
    expect(Object.keys(topics).sort()).toEqual(emailTargets.map(({ name }) => name).sort());
    expect(resourcesOf(withEmail.service, 'AWS::SNS::Topic')).toHaveLength(emailTargets.length);
  });

  it.each(emailTargets)(
    'subscribes every address of the $name target to its topic by e-mail',
    ({ name, addresses }) => {
      const topicId = topicIdOf(name);
      const subscriptions = resourcesOf(withEmail.service, 'AWS::SNS::Subscription')
        .map(([, subscription]) => subscription.Properties)
        .filter((subscription) => JSON.stringify(subscription.TopicArn) === JSON.stringify({ Ref: topicId }));

      expect(subscriptions.map(({ Protocol }) => Protocol)).toEqual(addresses.map(() => 'email'));
      expect(subscriptions.map(({ Endpoint }) => Endpoint).sort()).toEqual([...addresses].sort());
    },
  );

  it('tells the alert worker which topic serves which target', () => {
    const emailTopics = JSON.parse(renderJoin(alertWorkerEnvironment(withEmail).EMAIL_TOPICS));

    expect(emailTopics).toEqual(Object.fromEntries(emailTargets.map(({ name }) => [name, `<ref:${topicIdOf(name)}>`])));
  });

  it('uses the public URL from the config for the links in alerts', () => {
    expect(alertWorkerEnvironment(withEmail).PUBLIC_BASE_URL).toBe('https://sundown.example.com');
  });

  it('creates no topic and grants no sns:Publish when no target is e-mail', () => {
    const actions = resourcesOf(withoutEmail.service, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        (statement) => statement.Action,
      ),
    );

    expect(resourcesOf(withoutEmail.service, 'AWS::SNS::Topic')).toEqual([]);
    expect(resourcesOf(withoutEmail.service, 'AWS::SNS::Subscription')).toEqual([]);
    expect(actions.filter((action) => action.startsWith('sns:'))).toEqual([]);
    expect(alertWorkerEnvironment(withoutEmail).EMAIL_TOPICS).toBe('{}');
  });
});
