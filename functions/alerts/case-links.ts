/**
 * The CaseLinks port: the one place that decides where a case link points, how long it lives and
 * what signs it. Handlers and composition roots build it; use cases only ask for links.
 */
import { DateTime, Duration } from 'luxon';
import type { CaseLinks } from '../ports/case-links.ts';
import { callbackMarker } from './callback-marker.ts';
import { type LinkAction, signLink } from './links.ts';

/** The local stack's API, where links point when neither the config nor the deployment names one. */
export const LOCAL_BASE_URL = 'http://127.0.0.1:3000';

/** The config's `publicBaseUrl` (a custom domain), else the deployed API's URL, else the local stack's. */
export const publicBaseUrl = (configured: string | undefined, deployed: string | undefined): string =>
  configured ?? deployed ?? LOCAL_BASE_URL;

/** When a link issued at `issuedAt` stops working: `alerts.linkTtl` later. */
export const linkExpiry = (issuedAt: Date, lifetime: string): Date =>
  DateTime.fromJSDate(issuedAt).plus(Duration.fromISO(lifetime)).toJSDate();

export interface SignedCaseLinksOptions {
  readonly baseUrl: string;
  /** ISO 8601 duration: the config's `alerts.linkTtl`. */
  readonly lifetime: string;
  /** The link-signing secret; throws when it is not set. */
  readonly secret: () => Promise<string>;
  /** The case's link epoch (LinkLedger.epoch). @default 0 */
  readonly epoch?: (caseId: string) => Promise<number>;
  readonly now: () => Date;
}

export const signedCaseLinks = (options: SignedCaseLinksOptions): CaseLinks => ({
  sign: async ({ caseId, actions, issuedAt, audience }) => {
    const expiresAt = linkExpiry(issuedAt ?? options.now(), options.lifetime);
    const secret = await options.secret();
    const epoch = (await options.epoch?.(caseId)) ?? 0;
    const signed = (action: LinkAction) =>
      signLink({ baseUrl: options.baseUrl, caseId, action, expiresAt, secret, epoch, ...(audience && { audience }) });
    return Object.fromEntries(actions.map((action) => [action, signed(action)]));
  },
  marker: async (dedupKey) => callbackMarker(await options.secret(), dedupKey),
});
