import { readSecret } from '../adapters/secrets.ts';
import { HttpError } from '../commons/http.ts';

/**
 * A secret an HTTP route cannot work without. Missing is our configuration's fault, not the
 * caller's: 503, so a platform retries once it is fixed.
 */
export const requiredSecret = async (name: string, platformSecrets: readonly string[] = []): Promise<string> => {
  const read = await readSecret(name, platformSecrets);
  if (read === undefined) throw new HttpError(503, 'not_configured', `secret ${name} is not configured`, {}, true);
  if ('problem' in read) throw new HttpError(503, 'not_configured', read.problem, {}, true);
  return read.value;
};
