export { normalizeX } from './normalize.ts';
export { crcResponse, verifyX, X_SIGNATURE_HEADER } from './verify.ts';
