import { HttpError } from '../commons/http.ts';
import type { Secrets } from '../ports/secrets.ts';

/**
 * A secret an HTTP route cannot work without. Missing is our configuration's fault, not the
 * caller's: 503, so a platform retries once it is fixed.
 */
export const requiredSecret = async (secrets: Secrets, name: string): Promise<string> => {
  const read = await secrets.read(name);
  if (read === undefined) throw new HttpError(503, 'not_configured', `secret ${name} is not configured`, {}, true);
  if ('problem' in read) throw new HttpError(503, 'not_configured', read.problem, {}, true);
  return read.value;
};
