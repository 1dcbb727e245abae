/**
 * The logger every AWS SDK client here is built with. The SDK's logger middleware logs each call
 * as `logger?.info?.({ input: filter(args.input), output: filter(output) })`: with its default
 * no-op logger the arguments are still built, walking every request and response through the
 * sensitive-data log filter, about 2 % of the CPU of the escalation path in a profile of
 * `npm run bench:escalation`. A logger without `info` skips that. The SDK logs nothing at debug or
 * error with its default either; its warnings still reach the console, as they did.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

type Logger = NonNullable<DynamoDBClientConfig['logger']>;

const ignore = (): void => undefined;

export const sdkLogger = Object.freeze({
  debug: ignore,
  warn: (...content: unknown[]) => console.warn(...content),
  error: ignore,
}) as unknown as Logger;
