/**
 * `npm start`: the whole of Sundown on this machine, no AWS account needed.
 *   PORT=3000            where the HTTP API listens
 *   SUNDOWN_CONFIG       config file (default sundown.config.json)
 *   SUNDOWN_DATA_DIR     keep cases and queues across restarts (default: in memory)
 * Secrets are read from the environment; a .env file is loaded if present.
 */
import { existsSync } from 'node:fs';
import { developmentSecrets } from '../local/development-secrets.ts';
import { startLocalStack } from '../local/stack.ts';
import { DEFAULT_STATE_FILE } from '../local/state-file.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const log = (line: string) => console.log(`[sundown] ${new Date().toISOString()} ${line}`);

for (const [name, value] of Object.entries(developmentSecrets())) {
  if (!process.env[name]) {
    process.env[name] = value;
    log(`${name} not set: using the development value "${value}" (set it in .env to change)`);
  }
}

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}

try {
  const stack = await startLocalStack({
    port,
    ...(process.env.SUNDOWN_CONFIG && { configPath: process.env.SUNDOWN_CONFIG }),
    ...(process.env.SUNDOWN_DATA_DIR && { dataDir: process.env.SUNDOWN_DATA_DIR }),
    stateFile: DEFAULT_STATE_FILE,
    log,
  });
  log(`dashboard: ${stack.url}/   (open cases, live)`);
  log(`team console: ${stack.url}/console   (sign in at ${stack.signIn.issuer}, passwords new each start)`);
  for (const user of stack.signIn.users) {
    log(`  ${user.groups.includes('admins') ? 'admin' : 'agent'}: ${user.email}   password: ${user.password}`);
  }
  log(
    `try: npx sundown replay test/fixtures/platform-samples/whatsapp-message-text.json   (the /cases API, like the console's, needs a sign-in token)`,
  );
  const shutdown = async (signal: string) => {
    log(`${signal}: stopping`);
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`[sundown] could not start: ${(error as Error).message}`);
  process.exit(1);
}
