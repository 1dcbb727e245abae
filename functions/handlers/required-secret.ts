import { secret } from '../adapters/secrets.ts';
import { HttpError } from '../commons/http.ts';

/**
 * A secret an HTTP route cannot work without. Missing is our configuration's fault, not the
 * caller's: 503, so a platform retries once it is fixed.
 */
export const requiredSecret = async (name: string): Promise<string> => {
  const value = await secret(name);
  if (value === undefined) throw new HttpError(503, 'not_configured', `secret ${name} is not configured`, {}, true);
  return value;
};
