/**
 * `npx sundown …`: the admin CLI. `run(argv, io)` is the whole program (tests call it in-process
 * with their own writers); bin/sundown.mjs calls it with the terminal's.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readSundownConfigFile } from '../functions/config/load.ts';
import type { SundownConfig } from '../functions/config/schema.ts';
import { PLATFORMS } from '../functions/platforms/derived.ts';
import { casesList, casesRevokeLinks, casesShow } from './cases.ts';
import { configCheck } from './config-check.ts';
import { type DeploymentOptions, doctorFromCli, setupFromCli } from './deployment-commands.ts';
import { dlqList, dlqRedrive } from './dlq.ts';
import { eraseCommand } from './erase.ts';
import { CliError, type Io, terminalIo } from './output.ts';
import { replay } from './replay.ts';
import { reportCommand } from './report.ts';
import { awsSecretStore, localSecretStore, type SecretStore } from './secret-stores.ts';
import { secretsCheck, secretsSet } from './secrets.ts';
import { resolveTarget, secretArnsFromOutputs, stackOutputs, type Target, type TargetOptions } from './target.ts';

interface GlobalOptions extends TargetOptions {
  readonly json?: boolean;
}

const positiveInteger = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError(`must be a positive integer, got "${value}"`);
  return number;
};

const program = (io: Io, setExit: (code: number) => void): Command => {
  const root = new Command('sundown')
    .description('Sundown admin: config, cases, dead-letter queues, replays, erasure, reports')
    .option('--json', 'print JSON for machines instead of tables')
    .option('--local', 'use the local stack (the default unless --stack is given)')
    .option('--stack <stage>', 'use the deployed stacks Sundown-<stage>-* (AWS credentials from the default chain)')
    .option('--state <file>', "the local stack's state file", '.sundown/local.json')
    .option('--region <region>', 'AWS region of the deployed stacks')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });

  /** Runs a command against the target, closing its clients afterwards. */
  const withTarget =
    <A extends unknown[]>(handler: (target: Target, globals: GlobalOptions, ...args: A) => Promise<number>) =>
    async (...args: [...A, Command]) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals<GlobalOptions>();
      const target = await resolveTarget(globals);
      try {
        setExit(await handler(target, globals, ...(args.slice(0, -1) as A)));
      } finally {
        target.close();
      }
    };

  root
    .command('config')
    .description('sundown.config.json')
    .command('check')
    .description('validate a config file and show what it would change')
    .argument('[file]', 'config file to check', 'sundown.config.json')
    .option('--against <file>', 'the config to compare with', 'sundown.config.json')
    .action((file: string, options: { against: string }, command: Command) => {
      setExit(configCheck(io, { file, against: options.against, json: command.optsWithGlobals<GlobalOptions>().json }));
    });

  /** Runs a secrets command against `.env` locally or the stage's Secrets Manager secrets. */
  const withSecrets =
    <A extends unknown[]>(
      handler: (
        store: SecretStore,
        context: { config: SundownConfig; label: string; json?: boolean },
        ...args: A
      ) => Promise<number>,
    ) =>
    async (...args: [...A, Command]) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals<GlobalOptions & { config: string; dotenv: string }>();
      if (globals.stack && globals.local) throw new CliError('--local and --stack exclude each other: choose one');
      let config: SundownConfig;
      try {
        config = readSundownConfigFile(globals.config);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const context = { config, json: globals.json };
      if (!globals.stack) {
        setExit(
          await handler(
            localSecretStore(globals.dotenv),
            { ...context, label: 'the local stack' },
            ...(args.slice(0, -1) as A),
          ),
        );
        return;
      }
      const stage = globals.stack.replace(/^Sundown-/, '');
      const arns = secretArnsFromOutputs(stage, await stackOutputs(stage, globals.region));
      const client = new SecretsManagerClient(globals.region ? { region: globals.region } : {});
      try {
        setExit(
          await handler(
            awsSecretStore(client, arns),
            { ...context, label: `Sundown-${stage}` },
            ...(args.slice(0, -1) as A),
          ),
        );
      } finally {
        client.destroy();
      }
    };

  const secrets = root
    .command('secrets')
    .description('the secrets Sundown reads: local .env, or the Secrets Manager secrets of --stack')
    .option('--config <file>', 'the config naming the alert targets and inbound sources', 'sundown.config.json')
    .option('--dotenv <file>', "the local stack's secrets", '.env');
  secrets
    .command('set')
    .description('set one secret from standard input or a hidden prompt, keeping every other')
    .argument('<name>', 'a name `sundown secrets check` lists: a platform, callback, link or target secret')
    .action(withSecrets((store, context, name: string) => secretsSet(io, store, { ...context, name })));
  secrets
    .command('check')
    .description('each secret: set, long enough, not an example value; exits 1 on a problem')
    .action(withSecrets((store, context) => secretsCheck(io, store, context)));

  const cases = root.command('cases').description('read cases');
  cases
    .command('list')
    .option('--status <status>', 'open, responded, waiting_on_customer or resolved')
    .option('--limit <n>', 'how many, newest activity first (at most 100)', positiveInteger, 20)
    .action(
      withTarget((target, globals, options: { status?: string; limit: number }) =>
        casesList(io, target, { ...options, json: globals.json }),
      ),
    );
  cases
    .command('show')
    .argument('<id>', 'case id')
    .action(withTarget((target, globals, id: string) => casesShow(io, target, { id, json: globals.json })));
  cases
    .command('revoke-links')
    .description('make every signed link of a case stop working (a leaked alert, a forwarded e-mail)')
    .argument('<id>', 'case id')
    .action(withTarget((target, globals, id: string) => casesRevokeLinks(io, target, { id, json: globals.json })));

  const dlq = root.command('dlq').description('dead-letter queues of the intake, timer and alert queues');
  dlq
    .command('list')
    .option('--peek', 'show the parked messages with the reason they were parked')
    .action(
      withTarget((target, globals, options: { peek?: boolean }) =>
        dlqList(io, target, { ...options, json: globals.json }),
      ),
    );
  dlq
    .command('redrive')
    .argument('<queue>', 'intake, timers or alerts')
    .option('--max <n>', 'move at most this many', positiveInteger)
    .action(
      withTarget((target, globals, queue: string, options: { max?: number }) =>
        dlqRedrive(io, target, { queue, ...options, json: globals.json }),
      ),
    );

  root
    .command('replay')
    .description('send a JSON payload file to its webhook route, signed as the platform signs it')
    .argument('<file>', 'payload, e.g. test/fixtures/platform-samples/x-aaa-direct_message_events.json')
    .option(
      '--platform <platform>',
      `${PLATFORMS.map((platform) => platform.id).join(', ')} (guessed from the payload when absent)`,
    )
    .option('--source <name>', 'inbound source, e.g. email')
    .action(
      withTarget((target, globals, file: string, options: { platform?: string; source?: string }) =>
        replay(io, target, { file, ...options, json: globals.json }),
      ),
    );

  root
    .command('erase-customer')
    .description("remove a customer's personal data, keeping anonymised metrics")
    .argument('[customerId]', 'customer id (see cases show)')
    .option('--identity <kind:value>', 'find the customer by an identity, e.g. email:jane@example.com')
    .option('--yes', 'do not ask for confirmation')
    .action(
      withTarget((target, globals, customerId: string | undefined, options: { identity?: string; yes?: boolean }) =>
        eraseCommand(io, target, { ...(customerId && { customerId }), ...options, json: globals.json }),
      ),
    );

  root
    .command('report')
    .description('response and resolution percentiles, SLA met, breaches, sentiment, over cases opened in a period')
    .requiredOption('--from <date>', 'start, e.g. 2026-11-01 (UTC midnight) or an ISO timestamp')
    .requiredOption('--to <date>', 'end (exclusive)')
    .option('--chart <file.svg>', 'write an SVG chart of first-response times')
    .action(
      withTarget((target, globals, options: { from: string; to: string; chart?: string }) =>
        reportCommand(io, target, { ...options, json: globals.json }),
      ),
    );
  root
    .command('setup')
    .description("the registrations left after cdk deploy (each platform's and alert target's), with the real URLs")
    .option('--config <file>', 'the config the stack was deployed with', 'sundown.config.json')
    .action(async (_options: unknown, command: Command) => {
      setExit(await setupFromCli(io, command.optsWithGlobals<DeploymentOptions>()));
    });
  root
    .command('doctor')
    .description("check a stack: secrets, each platform's handshake, a test notice to each target, queues and alarms")
    .option('--config <file>', 'the config the stack was deployed with', 'sundown.config.json')
    .option('--dotenv <file>', "the local stack's secrets", '.env')
    .option('--wait <seconds>', 'how long to wait for each test notice', positiveInteger, 60)
    .action(
      withTarget((target, globals, options: { config: string; dotenv: string; wait: number }) =>
        doctorFromCli(io, target, { ...globals, ...options }),
      ),
    );
  return root;
};

/** The exit code; everything the user should see goes through `io`. */
export const run = async (argv: readonly string[], terminal: Io): Promise<number> => {
  const io = terminalIo(terminal);
  let exitCode = 0;
  try {
    await program(io, (code) => {
      exitCode = code;
    }).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`sundown: ${error.message}`);
      return 1;
    }
    io.err(`sundown: ${(error as Error).message ?? String(error)}`);
    return 2;
  }
};
