import { readFileSync } from 'node:fs';
import type * as z from 'zod';
import { ConfigError } from '../commons/errors.ts';
import { type SundownConfig, sundownConfigSchema } from './schema.ts';

/** Formats zod issues as `path.to.field: what is wrong`, one per line. */
export const describeIssues = (error: z.core.$ZodError): string =>
  error.issues
    .map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');

export const parseSundownConfig = (raw: unknown, origin = 'sundown config'): SundownConfig => {
  const result = sundownConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`${origin} is invalid:\n${describeIssues(result.error)}`);
  }
  return result.data;
};

export const readSundownConfigFile = (path: string): SundownConfig => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSundownConfig(raw, path);
};
