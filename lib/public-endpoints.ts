/**
 * The URLs an admin registers with X, Meta, inbound sources, Slack and PagerDuty, and the case
 * page, derived from the route table: the service stack outputs each one under the name given
 * here, and `sundown setup` and `sundown doctor` read them back by the same name.
 */
import type { HttpRoute } from '../functions/handlers/routes.ts';

export interface PublicEndpoint {
  /** The CloudFormation output holding the full URL, e.g. `WebhooksXUrl`. */
  readonly outputName: string;
  /** The path with every parameter but the case id filled in, e.g. `/webhooks/inbound/email`. */
  readonly path: string;
  /** The route's methods on this path, e.g. `GET, POST` for a webhook with a handshake. */
  readonly methods: string;
  readonly traffic: HttpRoute['traffic'];
}

/** Callers outside AWS that need a URL registered with them. */
const REGISTERED = new Set<HttpRoute['traffic']>(['platform', 'integration', 'handshake']);

const pascal = (segment: string): string =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');

/** `/cases/{id}/view` -> `CasesViewUrl`: literal segments only, so an output name never holds a brace. */
export const outputNameOf = (path: string): string =>
  `${path
    .split('/')
    .filter((segment) => segment && !segment.startsWith('{'))
    .map(pascal)
    .join('')}Url`;

/**
 * Every webhook and callback path (a `{source}` parameter expanded to each configured inbound
 * source) and the case page (`GET …/view`, which people open from alerts), one entry per path.
 */
export const publicEndpoints = (
  routes: readonly HttpRoute[],
  inboundSources: readonly string[],
): readonly PublicEndpoint[] => {
  const byPath = new Map<string, { methods: string[]; traffic: HttpRoute['traffic'] }>();
  for (const route of routes) {
    if (route.auth !== 'none') continue;
    const casePage = route.method === 'GET' && route.traffic === 'link' && route.path.endsWith('/view');
    if (!REGISTERED.has(route.traffic) && !casePage) continue;
    const paths = route.path.includes('{source}')
      ? inboundSources.map((source) => route.path.replace('{source}', source))
      : [route.path];
    for (const path of paths) {
      const entry = byPath.get(path) ?? { methods: [], traffic: route.traffic };
      entry.methods.push(route.method);
      // A path both handshakes (GET) and delivers (POST): name it by what it delivers.
      if (route.traffic !== 'handshake') entry.traffic = route.traffic;
      byPath.set(path, entry);
    }
  }
  return [...byPath].map(([path, { methods, traffic }]) => ({
    outputName: outputNameOf(path),
    path,
    methods: methods.sort().join(', '),
    traffic,
  }));
};

/** The full URL of `path` under a base URL that ends in `/`. */
export const urlOf = (baseUrl: string, path: string): string => `${baseUrl.replace(/\/+$/, '')}${path}`;
