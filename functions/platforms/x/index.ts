/** X (Account Activity API and X Activity API, one URL): the module object; its parts are exported for tests. */
import { HttpError, json } from '../../commons/http.ts';
import { PayloadError } from '../errors.ts';
import { asRecord, type PlatformModule } from '../platform.ts';
import { normalizeX } from './normalize.ts';
import { xProbe, xSetup } from './setup.ts';
import { signX } from './sign.ts';
import { crcResponse, verifyX } from './verify.ts';

const CONSUMER_SECRET = 'X_CONSUMER_SECRET';
const PATH = '/webhooks/x';

export const xPlatform = {
  id: 'x',
  routes: {
    handshake: {
      method: 'GET',
      path: PATH,
      check: 'X CRC',
      secret: CONSUMER_SECRET,
      answer: ({ query }, secret) => {
        const token = query.crc_token;
        if (!token) {
          throw new HttpError(400, 'missing_parameter', 'query parameter crc_token is required', {
            field: 'crc_token',
          });
        }
        try {
          return json(200, crcResponse(secret, token));
        } catch (error) {
          if (error instanceof PayloadError)
            throw new HttpError(400, 'invalid_parameter', error.message, { field: 'crc_token' });
          throw error;
        }
      },
      probe: xProbe,
    },
    events: { method: 'POST', path: PATH },
  },
  secrets: [{ name: CONSUMER_SECRET, development: 'local-x-consumer-secret' }],
  channels: ['x'],
  signingSecrets: () => [CONSUMER_SECRET],
  verify: verifyX,
  normalize: (payload, ctx) => normalizeX(payload, ctx),
  sign: signX,
  recognizes: (payload) => {
    const record = asRecord(payload);
    const keys = Object.keys(record);
    const activity = asRecord(record.data);
    return (
      typeof activity.event_type === 'string' ||
      keys.some((key) => key === 'for_user_id' || key.endsWith('_events') || key === 'user_event')
    );
  },
  setup: xSetup(CONSUMER_SECRET, PATH),
} as const satisfies PlatformModule;

export { normalizeX } from './normalize.ts';
export { signX } from './sign.ts';
export { crcResponse, verifyX, X_SIGNATURE_HEADER } from './verify.ts';
