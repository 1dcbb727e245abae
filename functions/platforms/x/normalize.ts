import { PayloadError } from '../errors.ts';
import { parseEnvelope } from '../parse.ts';
import type { NormalizeContext, NormalizeResult } from '../types.ts';
import { xaaEnvelopeSchema } from './schemas.ts';
import { normalizeAccountActivity } from './v1-account-activity.ts';
import { normalizeActivity } from './v2-activity.ts';

/** Both X webhook products post to the same URL; the envelope tells them apart. */
export const normalizeX = (payload: unknown, ctx: NormalizeContext): NormalizeResult => {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new PayloadError('(root): expected a JSON object');
  }
  if ('data' in payload) return normalizeActivity(parseEnvelope(xaaEnvelopeSchema, payload).data, ctx);
  if (Object.keys(payload).some((key) => key === 'for_user_id' || key.endsWith('_events') || key === 'user_event')) {
    return normalizeAccountActivity(payload as Record<string, unknown>, ctx);
  }
  throw new PayloadError(
    '(root): neither an Account Activity body (for_user_id, *_events) nor an X Activity body (data.event_type)',
  );
};
