// The names the bundle imports from @aws-sdk/lib-dynamodb, taken from the runtime's copy that ./lib-dynamodb.cjs
// requires; see ../bundling.ts for why a shim has two halves.
export {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from './lib-dynamodb.cjs';
