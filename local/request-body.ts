/**
 * Reads a request body for the local server without ever throwing: a client that hangs up
 * mid-upload or trickles its bytes must cost one request, never the process that holds
 * DynamoDB Local, the SQS emulator and every in-memory case.
 */
import type { IncomingMessage } from 'node:http';

export type BodyOutcome =
  | { readonly kind: 'body'; readonly body: Buffer }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' };

export interface BodyLimits {
  readonly maxBytes: number;
  /** The whole body must arrive within this many ms of the headers. */
  readonly timeoutMs: number;
}

export const readBody = (request: IncomingMessage, limits: BodyLimits): Promise<BodyOutcome> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), limits.timeoutMs);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.maxBytes) chunks.push(chunk);
    });
    request.on('end', () =>
      settle(size > limits.maxBytes ? { kind: 'too_large' } : { kind: 'body', body: Buffer.concat(chunks) }),
    );
    // ECONNRESET and "aborted" arrive here; `close` without `end` is a body that never completed.
    request.on('error', () => settle({ kind: 'aborted' }));
    request.on('close', () => settle({ kind: 'aborted' }));
  });
