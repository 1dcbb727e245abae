#!/usr/bin/env node
// `npx sundown …`: registers tsx so Node (20 or 22) runs the TypeScript CLI in cli/ as is.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { register } from 'tsx/esm/api';

register();
if (existsSync('.env')) process.loadEnvFile('.env');

const { run } = await import('../cli/main.ts');

const confirm = async (question) => {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
};

process.exitCode = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stdin.isTTY && { confirm }),
});
