/**
 * What a signed link to a case may let its holder do, and whom it was issued to. The signing
 * lives in alerts/links.ts; the case-links port and the case page speak these words.
 */
export const LINK_ACTIONS = ['view', 'ack', 'resolve', 'handoff', 'unsuppress'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/**
 * Who a link was issued to; recorded in the token, shown by nothing but the audit trail. Sundown's
 * own audiences, or the type of the alert target whose callback reply carries the link.
 */
export const LINK_AUDIENCES = ['alert', 'handoff', 'dashboard'] as const;
export type LinkAudience = (typeof LINK_AUDIENCES)[number] | (string & {});
/** An audience as a token carries it: one lower-case word. */
export const LINK_AUDIENCE_PATTERN = /^[a-z]{1,16}$/;

/** What a link signed for `action` grants unless told otherwise: the one action and the page. */
export const DEFAULT_GRANTS: Readonly<Record<LinkAction, readonly LinkAction[]>> = {
  view: LINK_ACTIONS,
  ack: ['ack', 'view'],
  resolve: ['resolve', 'view'],
  handoff: ['handoff', 'view'],
  unsuppress: ['unsuppress', 'view'],
};
