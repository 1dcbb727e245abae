/**
 * Fetching a Secrets Manager secret through Powertools Parameters, cached CACHE_SECONDS. Imported
 * statically only by the roots of functions that read a secret on every request (secrets.ts).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { CACHE_SECONDS, type FetchSecret } from './secrets.ts';

export const fetchSecret: FetchSecret = (arn) =>
  getSecret(arn, { transform: 'json', maxAge: CACHE_SECONDS }).catch((error: unknown) => {
    // A secret still at its generated placeholder is not JSON: nothing configured yet.
    if ((error as Error).name === 'TransformParameterError') return {};
    throw error;
  });
