import { SundownError } from '../commons/errors.ts';

export interface AlertDeliveryFailure {
  readonly target: string;
  /** The HTTP status, when the target answered. */
  readonly status?: number;
  /** Short and free of secrets: never the URL (a Slack webhook URL is a credential). */
  readonly reason: string;
  /** True when retrying cannot help: a 4xx other than 429, a refused redirect, a missing secret. */
  readonly permanent: boolean;
  /** From a `Retry-After` header in seconds, when the target sent one. */
  readonly retryAfterMs?: number;
}

/** An alert did not reach its target. The engine retries it unless `permanent`. */
export class AlertDeliveryError extends SundownError implements AlertDeliveryFailure {
  readonly target: string;
  readonly status?: number;
  readonly reason: string;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;

  constructor(failure: AlertDeliveryFailure, options?: ErrorOptions) {
    const status = failure.status === undefined ? '' : `HTTP ${failure.status}, `;
    super(`${failure.target} alert not delivered: ${status}${failure.reason}`, options);
    this.target = failure.target;
    this.status = failure.status;
    this.reason = failure.reason;
    this.permanent = failure.permanent;
    this.retryAfterMs = failure.retryAfterMs;
  }

  get retryable(): boolean {
    return !this.permanent;
  }
}
