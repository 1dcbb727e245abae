/**
 * A notice: a message for people that is not a step of an escalation chain. Hand-off packages,
 * follow-up reminders, surge alerts and feedback digests are notices. The code that raises one
 * renders it once; the alert worker delivers it to one target, once, in that target's format.
 */
export type NoticeKind =
  | 'handoff'
  | 'followup'
  | 'surge'
  | 'feedback_digest'
  | 'reply_window'
  | 'deferred_alerts'
  | 'operations_alarm';

export interface NoticeLink {
  readonly label: string;
  readonly url: string;
}

export interface Notice {
  /** Deterministic: the same notice to the same target is delivered once, however often it is queued. */
  readonly noticeId: string;
  /** Name of the alert target in sundown.config.json `targets`. */
  readonly target: string;
  readonly kind: NoticeKind;
  /** One line: the e-mail subject, the Slack header, the PagerDuty summary. */
  readonly title: string;
  /** Plain-text body, readable as it is in an e-mail or a terminal. */
  readonly text: string;
  readonly caseId?: string;
  readonly links?: readonly NoticeLink[];
  /** Structured content for machine targets (webhook data, PagerDuty custom_details). */
  readonly payload: Readonly<Record<string, unknown>>;
}
