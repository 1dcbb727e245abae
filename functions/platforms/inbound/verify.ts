/**
 * Standard Webhooks verification with the reference library (`standardwebhooks`): HMAC-SHA256
 * over `webhook-id.webhook-timestamp.body`, any `v1` entry of `webhook-signature` may match,
 * and the timestamp must be within 5 minutes either way (the library's fixed tolerance, as in
 * every reference implementation; see standard-webhooks.md §3).
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { ConfigError } from '../../commons/errors.ts';
import { headerValue } from '../signature.ts';
import type { VerifyResult, WebhookHeaders } from '../types.ts';

export const INBOUND_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

const rejected = (reason: string): VerifyResult => ({ ok: false, status: 401, reason });

type InboundHeader = (typeof INBOUND_HEADERS)[number];

/** The library says only "Missing required headers" or "Invalid Signature Headers"; we name the header. */
const checkHeaders = (headers: WebhookHeaders): VerifyResult | Record<InboundHeader, string> => {
  const values: Partial<Record<InboundHeader, string>> = {};
  for (const name of INBOUND_HEADERS) {
    const value = headerValue(headers, name)?.trim();
    if (!value) return rejected(`${name}: missing header`);
    values[name] = value;
  }
  const checked = values as Record<InboundHeader, string>;
  if (!/^\d+$/.test(checked['webhook-timestamp'])) {
    return rejected('webhook-timestamp: malformed header, expected unix seconds');
  }
  if (!checked['webhook-signature'].split(' ').some((entry) => /^v1,.+/.test(entry))) {
    return rejected('webhook-signature: malformed header, expected "v1,<base64>" entries');
  }
  return checked;
};

const webhookFor = (secret: string): Webhook => {
  try {
    return new Webhook(secret);
  } catch (error) {
    // An empty or non-base64 secret is our deployment's fault, not the sender's.
    throw new ConfigError(`inbound webhook secret is unusable: ${(error as Error).message}`);
  }
};

export const verifyInbound = (secret: string, rawBody: string, headers: WebhookHeaders): VerifyResult => {
  const webhook = webhookFor(secret);
  const checked = checkHeaders(headers);
  if ('ok' in checked) return checked;
  try {
    webhook.verify(rawBody, checked, { jsonParse: false });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    if (/timestamp too (old|new)/i.test(error.message)) {
      return rejected(`webhook-timestamp: stale timestamp, more than 5 minutes from now (${error.message})`);
    }
    return rejected('webhook-signature: signature mismatch');
  }
};
