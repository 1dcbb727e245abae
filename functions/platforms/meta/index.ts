/** Meta (Facebook pages, Messenger, Instagram, WhatsApp, one app): the module object; its parts are exported for tests. */
import { HttpError } from '../../commons/http.ts';
import { asRecord, type PlatformModule } from '../platform.ts';
import { normalizeMeta } from './normalize.ts';
import { metaProbe, metaSetup } from './setup.ts';
import { signMeta } from './sign.ts';
import { metaHandshake, verifyMeta } from './verify.ts';

const APP_SECRET = 'META_APP_SECRET';
const VERIFY_TOKEN = 'META_VERIFY_TOKEN';
const PATH = '/webhooks/meta';

export const metaPlatform = {
  id: 'meta',
  routes: {
    handshake: {
      method: 'GET',
      path: PATH,
      check: 'Meta handshake',
      secret: VERIFY_TOKEN,
      answer: ({ query }, verifyToken) => {
        const result = metaHandshake(query, verifyToken);
        if (!result.ok) throw new HttpError(result.status, 'handshake_failed', result.reason);
        return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: result.challenge };
      },
      probe: metaProbe,
    },
    events: { method: 'POST', path: PATH },
  },
  secrets: [
    { name: APP_SECRET, development: 'local-meta-app-secret' },
    { name: VERIFY_TOKEN, development: 'local-meta-verify-token' },
  ],
  channels: ['facebook', 'messenger', 'instagram', 'whatsapp'],
  signingSecrets: () => [APP_SECRET],
  verify: verifyMeta,
  normalize: (payload, ctx) => normalizeMeta(payload, ctx),
  sign: signMeta,
  // Meta wraps everything in `{ object, entry }`.
  recognizes: (payload) => {
    const record = asRecord(payload);
    return typeof record.object === 'string' && Array.isArray(record.entry);
  },
  setup: metaSetup({ app: APP_SECRET, verifyToken: VERIFY_TOKEN }, PATH),
} as const satisfies PlatformModule;

export { normalizeMeta } from './normalize.ts';
export { signMeta } from './sign.ts';
export { type HandshakeResult, META_SIGNATURE_HEADER, metaHandshake, verifyMeta } from './verify.ts';
