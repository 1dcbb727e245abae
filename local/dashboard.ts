/**
 * Serves the local dashboard (`GET /`) and its data (`GET /local/cases.json`). Local only: it is
 * not in httpRoutes(), so it is never deployed.
 */
import { Duration } from 'luxon';
import { once } from '../functions/commons/once.ts';
import { parseOpenCaseQuery } from '../functions/handlers/console-query.ts';
import { caseStore, core, linkLedger, type Substitutes, secrets } from '../functions/roots/parts.ts';
import { htmlSecurityHeaders } from '../functions/views/security-headers.ts';
import { dashboardData } from './dashboard-data.ts';
import { DASHBOARD_JSON_PATH, REFRESH_SCRIPT, renderDashboard } from './dashboard-page.ts';

export const DASHBOARD_PATHS: readonly string[] = ['/', DASHBOARD_JSON_PATH];

export interface LocalPage {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const badFilter = (message: string): LocalPage => ({
  status: 400,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: message,
});

/** The dashboard's own parts, built from the local stack's substitutes on the first page asked for. */
const composeDashboard = (substitutes: Substitutes) => {
  const parts = core(substitutes);
  return {
    ...parts,
    store: caseStore(substitutes, parts.metrics),
    linkLedger: linkLedger(substitutes, parts.clock, parts.newId),
    secrets: secrets(substitutes),
  };
};

export const dashboard = (substitutes: Substitutes = {}) => {
  const root = once(() => composeDashboard(substitutes));
  return async (url: URL, host: string): Promise<LocalPage> => {
    const path = url.pathname;
    const query = parseOpenCaseQuery(Object.fromEntries(url.searchParams));
    if ('message' in query) return badFilter(query.message);
    const { config, store, clock, secrets: reader, linkLedger: ledger } = root();
    const linkSecret = await reader.get('LINK_SIGNING_SECRET');
    const data = await dashboardData(store, {
      now: clock.now(),
      baseUrl: `http://${host}`,
      ...(linkSecret && { linkSecret }),
      linkTtlMs: Duration.fromISO(config.alerts.linkTtl).toMillis(),
      linkEpoch: (caseId) => ledger.epoch(caseId),
      filter: query.filter,
    });
    return path === DASHBOARD_JSON_PATH
      ? {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          body: JSON.stringify(data),
        }
      : {
          status: 200,
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            ...htmlSecurityHeaders({ scripts: [REFRESH_SCRIPT], fetchesSelf: true }),
          },
          body: renderDashboard(data, query.filter),
        };
  };
};
