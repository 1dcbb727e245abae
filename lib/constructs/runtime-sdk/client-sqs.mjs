// The names the bundle imports from @aws-sdk/client-sqs, taken from the runtime's copy that ./client-sqs.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export { SendMessageBatchCommand, SendMessageCommand, SQSClient } from './client-sqs.cjs';
