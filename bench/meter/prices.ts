/**
 * Published on-demand prices, us-east-1, in USD, each with its source. Checked 2026-11-23
 * (logs 2026-12-06); a price change means editing this file, nothing else.
 */
export const PRICES = {
  /**
   * DynamoDB on-demand, Standard table class: $0.625 per million write request units, $0.125 per
   * million read request units (halved in November 2024). https://aws.amazon.com/dynamodb/pricing/on-demand/
   */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** SQS standard queues: $0.40 per million requests (after the first million a month), each 64 KB chunk one request. https://aws.amazon.com/sqs/pricing/ */
  sqsRequest: 0.4 / 1e6,
  /**
   * Lambda: $0.20 per million requests; duration per GB-second, arm64 $0.0000133334 and x86_64
   * $0.0000166667 (first 6 billion GB-seconds a month). https://aws.amazon.com/lambda/pricing/
   */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  /** EventBridge: $1.00 per million custom events put on a bus, each 64 KB chunk one event. https://aws.amazon.com/eventbridge/pricing/ */
  eventBridgeEvent: 1 / 1e6,
  /** API Gateway HTTP API: $1.00 per million requests (first 300 million a month), 512 KB chunks. https://aws.amazon.com/api-gateway/pricing/ */
  httpApiRequest: 1 / 1e6,
  /**
   * CloudWatch Logs, Standard log class: $0.50 per GB ingested (Lambda's logs are vended logs:
   * $0.50 per GB for the first 10 TB a month). Storage ($0.03 per GB-month, compressed) is left out.
   * https://aws.amazon.com/cloudwatch/pricing/
   */
  logGigabyte: 0.5 / 1024 ** 3,
} as const;
