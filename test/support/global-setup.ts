/**
 * Starts one DynamoDB Local for the whole test run; test files create their own tables on it
 * (see dynamo.ts), so they never see each other's data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/**
 * A test run is a few minutes of small requests on two cores: the JVM's optimising compiler (C2)
 * and G1's concurrent threads cost more CPU than they give back in that time. The quick compiler
 * alone and the serial collector halve DynamoDB Local's CPU (case-identity.model.test.ts: 37 s to
 * 18 s) and leave the cores to the tests. One compiler thread instead of two takes about a sixth
 * off again (the same file alone: 8.3 s of the JVM's CPU against 10.0 s, means of six runs).
 */
const TEST_RUN_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-XX:CICompilerCount=1'];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ javaOptions: TEST_RUN_JVM });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
