/**
 * How Sundown's JSON messages are written into SQS bodies and read back: UTF-8 as it is, the
 * few characters SQS refuses escaped, and a large body gzipped into a marked envelope. Every
 * producer writes through encodeBody and every consumer reads through decodeBody, so a body
 * parked on a DLQ and redriven later reads the same.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod/mini';

/**
 * The largest message a Sundown queue takes (body and attributes), which is also the most one
 * SendMessageBatch call may carry in all. Every queue sets it as its MaximumMessageSize.
 */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** SQS bills every 64 KiB of a body as one request; above that, gzip pays for itself. */
export const COMPRESS_ABOVE_BYTES = 65_536;

/** No producer writes more than a webhook body's worth; a larger inflation is a corrupt message. */
const MAX_DECODED_BYTES = 16 * 1_048_576;

const ENVELOPE_MARKER = 'gzip+base64';
const envelopeSchema = z.object({ sundownEncoding: z.literal(ENVELOPE_MARKER), data: z.string() });

/**
 * SQS takes #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF; the local emulator also refuses
 * characters outside the BMP. JSON.stringify already escapes control characters and lone
 * surrogates, so what is left is U+FFFE, U+FFFF and surrogate pairs (emoji): written as \u escapes,
 * the same JSON. Chinese, accents and every other BMP character stay UTF-8.
 */
const sqsSafe = (json: string): string =>
  json.replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The SQS body for a JSON text: as is when small, a gzip envelope when over COMPRESS_ABOVE_BYTES. */
export const encodeBody = (json: string): string => {
  const safe = sqsSafe(json);
  if (Buffer.byteLength(safe) <= COMPRESS_ABOVE_BYTES) return safe;
  return JSON.stringify({ sundownEncoding: ENVELOPE_MARKER, data: gzipSync(safe).toString('base64') });
};

/** The JSON text a body was encoded from; a body that is no envelope is returned as it is. */
export const decodeBody = (body: string): string => {
  if (!body.startsWith('{"sundownEncoding"')) return body;
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    envelope = envelopeSchema.parse(JSON.parse(body));
  } catch {
    return body;
  }
  return gunzipSync(Buffer.from(envelope.data, 'base64'), { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
};
