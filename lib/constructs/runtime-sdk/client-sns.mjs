// The names the bundle imports from @aws-sdk/client-sns, taken from the runtime's copy that ./client-sns.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export { PublishCommand, SNSClient } from './client-sns.cjs';
