/**
 * The notifier: how the use cases reach people. They name a target from the config and ask what it
 * can do; which product sits behind it (chat, pager, mail, a webhook) is the adapter's business.
 */
import type { Alert } from '../domain/alert.ts';
import type { Notice } from '../domain/queue-messages.ts';

/** What a target can do: the only thing the use cases and the domain know of it. */
export interface TargetCapabilities {
  /**
   * It pages someone and keeps one incident per breach: it hears of acknowledgements and
   * resolutions made elsewhere, and a suppressed case never reaches it.
   */
  readonly pages: boolean;
  /** Its alerts offer to acknowledge (a signed link or a button). */
  readonly acknowledges: boolean;
  /** Its alerts offer to resolve. */
  readonly resolves: boolean;
  /** People act inside the target, which calls Sundown back on its own callback route. */
  readonly interactive: boolean;
}

export interface NotifierTarget {
  /** The target's kind (`type` in the config), recorded as who acted when it calls back. */
  readonly kind: string;
  readonly capabilities: TargetCapabilities;
}

export type FollowUpAction = 'acknowledge' | 'resolve';

export interface Notifier {
  /** The named target, or undefined when the config names no such target. */
  target(name: string): NotifierTarget | undefined;
  /** Delivers once; a failure is an AlertDeliveryError, retryable unless `permanent`. */
  alert(name: string, alert: Alert): Promise<void>;
  notice(name: string, notice: Notice): Promise<void>;
  /** Tells a paging target's incident of an acknowledgement or resolution made elsewhere. */
  follow(name: string, action: FollowUpAction, dedupKey: string): Promise<void>;
}
