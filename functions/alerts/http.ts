/**
 * One POST with a deadline, and the failure turned into an AlertDeliveryError the engine can act
 * on: 4xx other than 429 is permanent; 429, 5xx, timeouts and network errors are retryable.
 * Redirects are not followed (a 3xx is a permanent failure): an alert never goes somewhere
 * other than the configured URL.
 */
import { AlertDeliveryError } from './errors.ts';

export const DELIVERY_TIMEOUT_MS = 5_000;
const REASON_MAX = 200;

export interface HttpDeps {
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
  /** @default DELIVERY_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

export interface OutgoingRequest {
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const isPermanent = (status: number): boolean => status !== 429 && status >= 300 && status < 500;

const shortReason = (text: string, fallback: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  return line.length <= REASON_MAX ? line : `${line.slice(0, REASON_MAX - 3)}...`;
};

const retryAfterMs = (response: Response): number | undefined => {
  const value = response.headers.get('retry-after')?.trim();
  return value && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
};

const failureOf = (target: string, error: unknown, timeoutMs: number): AlertDeliveryError => {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  const reason =
    err.name === 'TimeoutError' || err.name === 'AbortError'
      ? `timed out after ${timeoutMs} ms`
      : `network error: ${err.cause?.code ?? err.cause?.message ?? err.message}`;
  return new AlertDeliveryError({ target, reason, permanent: false }, { cause: error });
};

export const postJson = async (target: string, request: OutgoingRequest, deps: HttpDeps): Promise<void> => {
  const fetch = deps.fetch ?? globalThis.fetch;
  const timeoutMs = deps.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read inside the deadline: a server may stall after the status line.
    text = await response.text();
  } catch (error) {
    throw failureOf(target, error, timeoutMs);
  }
  if (response.ok) return;
  throw new AlertDeliveryError({
    target,
    status: response.status,
    reason: shortReason(text, response.statusText || 'no reason given'),
    permanent: isPermanent(response.status),
    retryAfterMs: retryAfterMs(response),
  });
};
