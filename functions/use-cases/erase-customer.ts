/**
 * Erases a customer's personal data on request (right to erasure), found by id or by one of
 * their identities, keeping the anonymised metrics of their cases.
 */
import { IDENTITY_KINDS, type Identity, type IdentityKind } from '../domain/case.ts';
import { emailIdentity, phoneIdentity } from '../platforms/event.ts';
import type { Clock, CustomerErasure, ErasureReport } from '../ports.ts';

export interface EraseCustomerDeps {
  readonly erasure: CustomerErasure;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Who asked, for the audit entry on each case; never personal data of the customer. */
  readonly actor: string;
}

export type EraseCustomerResult =
  | { readonly erased: true; readonly report: ErasureReport }
  | { readonly erased: false; readonly reason: string };

/** `kind:value`, e.g. `x:2244994945` or `email:jane@example.com`. */
export const parseIdentity = (text: string): Identity => {
  const separator = text.indexOf(':');
  const kind = text.slice(0, separator);
  const value = text.slice(separator + 1).trim();
  if (separator < 1 || !IDENTITY_KINDS.includes(kind as IdentityKind) || !value) {
    throw new Error(`identity "${text}" must be kind:value with kind one of ${IDENTITY_KINDS.join(', ')}`);
  }
  // Normalised as the platforms store them, so `phone:(281) 332-2575` finds `+2813322575`.
  if (kind === 'email') return emailIdentity(value);
  if (kind === 'phone') return phoneIdentity(value) ?? { kind: 'phone', value };
  return { kind: kind as IdentityKind, value };
};

export const eraseCustomer = async (
  deps: EraseCustomerDeps,
  who: { readonly customerId: string } | { readonly identity: Identity },
): Promise<EraseCustomerResult> => {
  const customerId = 'customerId' in who ? who.customerId : await deps.erasure.findCustomerIdByIdentity(who.identity);
  if (!customerId) {
    const identity = 'identity' in who ? `${who.identity.kind}:${who.identity.value}` : '';
    return { erased: false, reason: `no customer has the identity ${identity}` };
  }
  const report = await deps.erasure.eraseCustomer(customerId, {
    at: deps.clock.now().toISOString(),
    actor: deps.actor,
    newId: deps.newId,
  });
  return report ? { erased: true, report } : { erased: false, reason: `no customer ${customerId}` };
};
