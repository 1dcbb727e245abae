/** Runs the CLI in-process, capturing what it prints. */
import { run } from '../../cli/main.ts';
import type { Io } from '../../cli/output.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const sundown = async (argv: readonly string[], io: Partial<Io> = {}): Promise<CliResult> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (text) => out.push(text), err: (text) => err.push(text), ...io });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
};

/** `--json` output, parsed; fails loudly with what the CLI said when it is not JSON. */
export const sundownJson = async <T>(argv: readonly string[]): Promise<T> => {
  const result = await sundown([...argv, '--json']);
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`sundown ${argv.join(' ')} exited ${result.code}: ${result.stdout}\n${result.stderr}`);
  }
};
