import type { Case, CaseDetail, CaseStatus, Customer } from '../domain/case.ts';
import type { CaseStore, Page } from '../ports.ts';

export interface CaseView extends CaseDetail {
  readonly customer?: Customer;
  /** The same customer's other cases, on any channel, newest first. */
  readonly otherCases: readonly Pick<Case, 'id' | 'status' | 'channels' | 'subject' | 'openedAt'>[];
}

export const viewCase = async (store: CaseStore, caseId: string): Promise<CaseView | undefined> => {
  const detail = await store.getCaseDetail(caseId);
  if (!detail) return undefined;
  const [customer, customerCases] = await Promise.all([
    store.getCustomer(detail.case.customerId),
    store.listCustomerCases(detail.case.customerId, 20),
  ]);
  const otherCases = customerCases
    .filter((c) => c.id !== caseId)
    .map(({ id, status, channels, subject, openedAt }) => ({ id, status, channels, subject, openedAt }));
  return { ...detail, ...(customer && { customer }), otherCases };
};

export const listCases = (
  store: CaseStore,
  query: { readonly status?: CaseStatus; readonly limit?: number; readonly cursor?: string },
): Promise<Page<Case>> => store.listCases(query);
