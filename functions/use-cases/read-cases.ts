import type { Case, CaseDetail, Customer } from '../domain/case.ts';
import type { CaseLister, CaseQuery, CaseReader, CustomerDirectory, Page } from '../ports.ts';

export interface CaseView extends CaseDetail {
  readonly customer?: Customer;
  /** The same customer's other cases, on any channel, newest first. */
  readonly otherCases: readonly Pick<Case, 'id' | 'status' | 'channels' | 'subject' | 'openedAt'>[];
}

export type CaseViewStore = CaseReader & Pick<CaseLister, 'listCustomerCases'> & Pick<CustomerDirectory, 'getCustomer'>;

export const viewCase = async (store: CaseViewStore, caseId: string): Promise<CaseView | undefined> => {
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

export const listCases = (store: Pick<CaseLister, 'listCases'>, query: CaseQuery): Promise<Page<Case>> =>
  store.listCases(query);
