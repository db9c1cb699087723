import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One metrics facade per container, for the scheduled functions that publish a figure per run.
 * The HTTP chain does not import it (~10 KB per bundle): its one metric, `UnhandledError`, is
 * counted from the log (see UNHANDLED_ERROR_MESSAGE in ./errors.ts).
 */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'BigEcommerce',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'store-api',
});
