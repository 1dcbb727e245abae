// The names the bundle imports from @aws-sdk/client-eventbridge, taken from the runtime's copy that ./client-eventbridge.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export { EventBridgeClient, PutEventsCommand } from './client-eventbridge.cjs';
