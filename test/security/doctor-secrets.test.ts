/**
 * `sundown doctor` sends the Meta verify token to the stack's handshake route, as Meta does. A
 * stack URL that is not a valid https URL (a hand-edited output or local state, a custom domain
 * set to plain http) must neither carry that token off the machine in clear text nor print it.
 */
import { describe, expect, it } from 'vitest';
import { type StackUrls, urlsFromBase } from '../../cli/deployment.ts';
import { checkRoutes } from '../../cli/doctor-routes.ts';
import type { SecretStore } from '../../cli/secret-stores.ts';
import { triageConfig } from '../domain/triage/fixtures.ts';

const TOKEN = 'verify-token-nobody-may-read-0123456789';
const META_PATH = '/webhooks/meta';

const config = () => triageConfig({ accounts: [{ channel: 'messenger', id: 'page-1' }] });

const store: SecretStore = {
  kind: 'aws',
  where: (purpose) => `arn:${purpose}`,
  read: async () => ({ META_VERIFY_TOKEN: TOKEN }),
  write: async () => undefined,
};

const withMetaUrl = (url: string): StackUrls => {
  const urls = urlsFromBase('https://stack.example.com/', config());
  return {
    ...urls,
    endpoints: urls.endpoints.map((endpoint) => (endpoint.path === META_PATH ? { ...endpoint, url } : endpoint)),
  };
};

const metaCheck = async (url: string) => {
  const results = await checkRoutes({ config: config(), urls: withMetaUrl(url), secrets: store });
  const found = results.find((result) => result.check.toLowerCase().includes('meta'));
  if (!found) throw new Error(`no Meta check among ${results.map((r) => r.check).join(', ')}`);
  return found;
};

describe("doctor's handshake check and the verify token", () => {
  it('fails a stack URL that does not parse without printing the token', async () => {
    // Act
    const check = await metaCheck('stack.example.com/webhooks/meta');
    // Assess
    expect(check.status).toBe('fail');
    expect(JSON.stringify(check)).not.toContain(TOKEN);
  });

  it('refuses to send the token over plain http to a host other than this machine', async () => {
    // Act
    const check = await metaCheck('http://sundown.invalid/webhooks/meta');
    // Assess
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('https') });
    expect(JSON.stringify(check)).not.toContain(TOKEN);
  });
});
