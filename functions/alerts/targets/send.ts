/** What the target modules share to send: a secret read with a clear failure, and a JSON POST. */
import { AlertDeliveryError } from '../errors.ts';
import { postJson } from '../http.ts';
import type { SendContext } from './target-module.ts';

/** The secret's value; unreadable is retryable, unset is permanent (retrying cannot set it). */
export const secretValue = async (kind: string, name: string, target: SendContext<unknown>): Promise<string> => {
  let value: string | undefined;
  try {
    value = await target.deps.secrets(name);
  } catch (error) {
    throw new AlertDeliveryError(
      { target: kind, reason: `secret ${name} could not be read`, permanent: false },
      { cause: error },
    );
  }
  if (!value) throw new AlertDeliveryError({ target: kind, reason: `secret ${name} is not set`, permanent: true });
  return value;
};

/** POSTs the message as JSON to the URL held in the secret (a Slack or Teams webhook URL is a credential). */
export const postToSecretUrl = async (
  kind: string,
  urlSecret: string,
  message: unknown,
  target: SendContext<unknown>,
): Promise<void> => {
  const url = await secretValue(kind, urlSecret, target);
  await postJson(kind, { url, body: JSON.stringify(message) }, target.deps);
};
