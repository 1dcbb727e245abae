/**
 * Lambda invocations, their billed duration and the log bytes they write, captured by wrapping
 * the handlers the benchmark invokes. While a handler runs, whatever the process writes to stdout
 * and stderr (Powertools log lines at the deployed level, EMF metric lines) is counted and kept
 * off the terminal; Lambda's own START, END and REPORT lines are added per invocation.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { httpApiRequests, lambdaGbSeconds } from './aws-rules.ts';
import type { DeployedFunction, MeteredFunction } from './deployed.ts';

export interface Invocation {
  readonly fn: MeteredFunction;
  readonly architecture: DeployedFunction['architecture'];
  readonly billedMs: number;
  readonly gbSeconds: number;
  readonly logBytes: number;
  readonly logLines: number;
  /** HTTP API requests billed for the invocation's request (the receiver's only). */
  readonly httpRequests: number;
}

/** The lines the Lambda service writes for every invocation (text format), sized with a real request id. */
const platformLines = (durationMs: number, memoryMb: number): string[] => {
  const id = randomUUID();
  const duration = durationMs.toFixed(2);
  return [
    `START RequestId: ${id} Version: $LATEST\n`,
    `END RequestId: ${id}\n`,
    `REPORT RequestId: ${id}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: 120 MB\t\n`,
  ];
};

type Write = typeof process.stdout.write;

/** Counts and swallows what the process writes to stdout and stderr until the returned function is called. */
export const captureOutput = (): (() => { bytes: number; lines: number }) => {
  let bytes = 0;
  let lines = 0;
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      bytes += Buffer.byteLength(text, 'utf8');
      lines += text.split('\n').filter((line) => line.length > 0).length;
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  }
  return () => {
    streams.forEach((stream, i) => {
      stream.write = originals[i] as Write;
    });
    return { bytes, lines };
  };
};

export interface HandlerMeterOptions {
  readonly deployed: DeployedFunction;
  readonly metering: () => boolean;
  /** Sets the application log level the function is deployed with before each invocation. */
  readonly setLogLevel: (level: string) => void;
  readonly record: (invocation: Invocation) => void;
  /** Time the meters themselves spend inside the handler (reading items around writes), taken off its duration. */
  readonly meterMs: () => number;
  /**
   * What a duration measured here becomes on Lambda at the deployed memory (CPU stretched by its
   * vCPU share), as a factor measured for this function in an unmetered pass: 1 until measured.
   */
  readonly durationScale: () => number;
}

const bodyBytes = (event: unknown): number => {
  const { body, isBase64Encoded } = (event ?? {}) as { body?: string; isBase64Encoded?: boolean };
  return body === undefined ? 0 : Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8');
};

/**
 * `handler`, metered as function `fn` as deployed. Invocations must not overlap while metered
 * (the benchmark invokes one at a time): the output capture is process-wide.
 */
export const meteredHandler =
  <E, R>(fn: MeteredFunction, handler: (event: E, context: Context) => Promise<R>, options: HandlerMeterOptions) =>
  async (event: E, context: Context): Promise<R> => {
    if (!options.metering()) return handler(event, context);
    const { deployed } = options;
    options.setLogLevel(deployed.logLevel);
    const stop = captureOutput();
    const meterMsBefore = options.meterMs();
    const start = performance.now();
    try {
      return await handler(event, context);
    } finally {
      const durationMs = (performance.now() - start - (options.meterMs() - meterMsBefore)) * options.durationScale();
      const output = stop();
      const platform = platformLines(durationMs, deployed.memoryMb);
      options.record({
        fn,
        architecture: deployed.architecture,
        billedMs: Math.ceil(durationMs),
        gbSeconds: lambdaGbSeconds(durationMs, deployed.memoryMb),
        logBytes: output.bytes + platform.reduce((sum, line) => sum + Buffer.byteLength(line), 0),
        logLines: output.lines + platform.length,
        httpRequests: fn === 'webhooks' ? httpApiRequests(bodyBytes(event)) : 0,
      });
    }
  };
