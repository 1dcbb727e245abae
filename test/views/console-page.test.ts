import { describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../functions/use-cases/open-cases.ts';
import { renderConsole } from '../../functions/views/console-page.ts';
import { CONSOLE_SCRIPT } from '../../functions/views/console-script.ts';
import { cspHash, htmlSecurityHeaders } from '../../functions/views/security-headers.ts';

const SIGN_IN = {
  authorizeUrl: 'https://sundown-prod.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
  tokenUrl: 'https://sundown-prod.auth.eu-west-1.amazoncognito.com/oauth2/token',
  clientId: 'client"><script>alert(1)</script>',
};

describe('team console page', () => {
  it('carries the sign-in endpoints as escaped data and no case data at all', () => {
    const html = renderConsole(SIGN_IN);

    expect(html).toContain(`data-authorize-url="${SIGN_IN.authorizeUrl}"`);
    expect(html).toContain('data-client-id="client&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<ul id="cases" class="transcript"></ul>');
  });

  it('offers every open status as a filter, and search by handle, e-mail or phone', () => {
    const html = renderConsole(SIGN_IN);

    for (const status of OPEN_STATUSES) expect(html).toContain(`<option>${status}</option>`);
    expect(html).toContain('name="search" placeholder="handle, e-mail or phone"');
  });

  it('runs only its own script, allowed by hash, and may call only itself and the token endpoint', () => {
    const csp = htmlSecurityHeaders({ scripts: [CONSOLE_SCRIPT], connectOrigins: [new URL(SIGN_IN.tokenUrl).origin] })[
      'content-security-policy'
    ];
    const html = renderConsole(SIGN_IN);

    expect(csp).toContain(`script-src ${cspHash(CONSOLE_SCRIPT)};`);
    expect(csp).toContain("connect-src 'self' https://sundown-prod.auth.eu-west-1.amazoncognito.com;");
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });
});
