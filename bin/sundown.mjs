#!/usr/bin/env node
// `npx sundown …`: registers tsx so Node runs the TypeScript CLI in cli/ as is.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
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

/** A secret value: typed at a prompt that echoes nothing, or all of a pipe (`… | npx sundown secrets set KEY`). */
const readSecret = async (question) => {
  if (!process.stdin.isTTY) {
    let text = '';
    process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) text += chunk;
    return text;
  }
  process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: silent, terminal: true });
  prompt.on('SIGINT', () => {
    process.stderr.write('\n');
    process.exit(130);
  });
  try {
    return await prompt.question('');
  } finally {
    prompt.close();
    process.stderr.write('\n');
  }
};

process.exitCode = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stdin.isTTY && { confirm }),
  readSecret,
});
