/**
 * Published on-demand prices, us-east-1, in USD. Checked 2026-11-23; a price change means
 * editing this file, nothing else.
 */
export const PRICES = {
  /**
   * DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request
   * units (halved in November 2024). https://aws.amazon.com/dynamodb/pricing/on-demand/
   */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** SQS standard queues: $0.40 per million requests, each 64 KB chunk of a payload one request. https://aws.amazon.com/sqs/pricing/ */
  sqsRequest: 0.4 / 1e6,
  /** Lambda: $0.20 per million requests; arm64 duration $0.0000133334 per GB-second. https://aws.amazon.com/lambda/pricing/ */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  /** EventBridge: $1.00 per million custom events put on a bus (64 KB chunks). https://aws.amazon.com/eventbridge/pricing/ */
  eventBridgeEvent: 1 / 1e6,
  /** API Gateway HTTP API: $1.00 per million requests (first 300 million a month, 512 KB chunks). https://aws.amazon.com/api-gateway/pricing/ */
  httpApiRequest: 1 / 1e6,
} as const;

/** Every function's memory (lib/constructs/sundown-function.ts default). */
export const LAMBDA_MEMORY_GB = 512 / 1024;
