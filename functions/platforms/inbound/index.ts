export { normalizeInbound } from './normalize.ts';
export {
  INBOUND_MESSAGE_TYPES,
  type InboundMessage,
  type InboundMessageInput,
  inboundMessageSchema,
} from './schema.ts';
export { INBOUND_HEADERS, verifyInbound } from './verify.ts';
