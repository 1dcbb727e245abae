/** `sundown setup` and `sundown doctor` as the CLI runs them: config, URLs, secrets and AWS clients for the target. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { readSundownConfigFile } from '../functions/config/load.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { type StackUrls, urlsFromBase, urlsFromOutputs } from './deployment.ts';
import { doctorCommand } from './doctor.ts';
import { CliError, type Io } from './output.ts';
import { awsSecretStore, localSecretStore } from './secret-stores.ts';
import { setupCommand } from './setup.ts';
import { resolveTarget, secretArnsFromOutputs, stackOutputs, type Target, type TargetOptions } from './target.ts';

export interface DeploymentOptions extends TargetOptions {
  readonly config: string;
  readonly json?: boolean;
}

const loadConfig = (path: string): SundownConfig => {
  try {
    return readSundownConfigFile(path);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
};

const stageOf = (options: TargetOptions): string | undefined => options.stack?.replace(/^Sundown-/, '');

export const setupFromCli = async (io: Io, options: DeploymentOptions): Promise<number> => {
  const config = loadConfig(options.config);
  const stage = stageOf(options);
  let urls: StackUrls;
  let label: string;
  if (stage) {
    urls = urlsFromOutputs(stage, config, await stackOutputs(stage, options.region));
    label = `Sundown-${stage}`;
  } else {
    const target = await resolveTarget(options);
    target.close();
    urls = urlsFromBase(target.apiUrl ?? '', config);
    label = target.label;
  }
  const region = options.region ? ` --region ${options.region}` : '';
  const stackFlag = stage ? `--stack ${stage}${region}` : '--local';
  return setupCommand(io, { config, urls, label, stackFlag, json: options.json });
};

export const doctorFromCli = async (
  io: Io,
  target: Target,
  options: DeploymentOptions & { readonly dotenv: string; readonly wait: number },
): Promise<number> => {
  const config = loadConfig(options.config);
  const stage = stageOf(options);
  const waitMs = options.wait * 1000;
  if (!stage) {
    const urls = urlsFromBase(target.apiUrl ?? '', config);
    const secrets = localSecretStore(options.dotenv);
    return doctorCommand(io, { config, label: target.label, urls, secrets, target }, { waitMs, json: options.json });
  }
  const region = options.region ? { region: options.region } : {};
  const outputs = await stackOutputs(stage, options.region);
  const secretsClient = new SecretsManagerClient(region);
  const cloudFormation = new CloudFormationClient(region);
  const sns = new SNSClient(region);
  try {
    return await doctorCommand(
      io,
      {
        config,
        label: target.label,
        urls: urlsFromOutputs(stage, config, outputs),
        secrets: awsSecretStore(secretsClient, secretArnsFromOutputs(stage, outputs)),
        target,
        aws: { stage, cloudFormation, sns, alarmTopicArn: outputs.AlarmTopicArn },
      },
      { waitMs, json: options.json },
    );
  } finally {
    for (const client of [secretsClient, cloudFormation, sns]) client.destroy();
  }
};
