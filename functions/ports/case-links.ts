/**
 * Signed links to a case (alerts/links.ts): where they point (the public base URL), how long they
 * live (`alerts.linkTtl`) and the secret and epoch they are signed with, decided in one place.
 */
import type { LinkAction, LinkAudience } from '../domain/case-links.ts';

export interface CaseLinkRequest {
  readonly caseId: string;
  readonly actions: readonly LinkAction[];
  /** The lifetime counts from here. @default now */
  readonly issuedAt?: Date;
  /** @default 'alert' */
  readonly audience?: LinkAudience;
}

export interface CaseLinks {
  /** One signed link per action asked for. */
  sign(request: CaseLinkRequest): Promise<Partial<Record<LinkAction, string>>>;
  /** The MAC-carrying marker that leads a paging tool's incident back to this breach (callback-marker.ts). */
  marker(dedupKey: string): Promise<string>;
}
