import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per function, built at cold start. Customer text is logged only at DEBUG. */
export const logger = new Logger({ serviceName: 'sundown' });
