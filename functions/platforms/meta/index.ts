export { normalizeMeta } from './normalize.ts';
export { type HandshakeResult, META_SIGNATURE_HEADER, metaHandshake, verifyMeta } from './verify.ts';
