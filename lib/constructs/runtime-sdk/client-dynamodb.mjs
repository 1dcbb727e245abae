// The names the bundle imports from @aws-sdk/client-dynamodb, taken from the runtime's copy that ./client-dynamodb.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from './client-dynamodb.cjs';
