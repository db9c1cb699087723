import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per container, created outside the handler. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'store-api' });
