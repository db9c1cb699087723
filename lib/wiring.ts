/**
 * The slice of the wiring table (lambdas/routes.ts) the CDK stacks loop over. The stacks take it
 * as a prop (defaulting to the real table) so tests can synthesize extra schedules or subscriptions.
 */
import {
  cognitoTriggers, routes, schedules, streamSubscriptions, subscriptions,
  type HttpRoute, type ScheduleDef, type StreamSubscriptionDef, type SubscriptionDef,
} from '../lambdas/routes.js';

export type RouteWiring = Pick<HttpRoute, 'handler' | 'access' | 'grants' | 'memoryMb'>;

export interface Wiring {
  /** Keyed by API Gateway route key, e.g. `POST /register`. */
  readonly routes: Readonly<Record<string, RouteWiring>>;
  readonly schedules: readonly ScheduleDef[];
  readonly subscriptions: readonly SubscriptionDef[];
  /** Consumers of the table's stream, filtered by the items' `entity`. */
  readonly streamSubscriptions: readonly StreamSubscriptionDef[];
  readonly cognitoTriggers: { readonly customMessage: string };
}

export const WIRING: Wiring = { routes, schedules, subscriptions, streamSubscriptions, cognitoTriggers };

/** Every handler module the wiring names (one function each). */
export function wiringHandlers(wiring: Wiring): string[] {
  return [...new Set([
    ...Object.values(wiring.routes).map((r) => r.handler),
    ...wiring.schedules.map((s) => s.handler),
    ...wiring.subscriptions.map((s) => s.handler),
    ...wiring.streamSubscriptions.map((s) => s.handler),
    ...Object.values(wiring.cognitoTriggers),
  ])].sort();
}
