/**
 * Stands in for `@aws-sdk/middleware-endpoint-discovery` in the Lambda bundles (lib/bundling.ts,
 * esbuild `alias`). In the pinned SDK only the DynamoDB client imports that package, and only to
 * resolve configuration: no DynamoDB command adds the discovery middleware, so the resolved
 * `endpointCache` (an LRU cache with 1,000 preallocated slots, from @aws-sdk/endpoint-cache and
 * mnemonist, ~8 KB minified) is never read. This module resolves the same settings without the
 * cache. test/infra/bundle-size.test.ts fails if another package starts importing the original,
 * or if a DynamoDB command starts using the discovery middleware, and runs a bundled function
 * against DynamoDB Local.
 */
const ENV_KEYS = ['AWS_ENABLE_ENDPOINT_DISCOVERY', 'AWS_ENDPOINT_DISCOVERY_ENABLED'] as const;

const selected = (value: string | undefined): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === '') throw new Error('Endpoint discovery setting cannot be empty');
  return !['false', '0'].includes(value);
};

/** The same environment and shared-config switches the SDK reads. */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (env: Record<string, string | undefined>): boolean | undefined => {
    const key = ENV_KEYS.find((k) => k in env);
    return key === undefined ? undefined : selected(env[key]);
  },
  configFileSelector: (profile: Record<string, string | undefined>): boolean | undefined =>
    'endpoint_discovery_enabled' in profile ? selected(profile.endpoint_discovery_enabled) : undefined,
  default: undefined,
};

interface DiscoveryInput {
  endpointDiscoveryEnabled?: boolean;
  endpointDiscoveryEnabledProvider: () => Promise<boolean | undefined>;
}

export function resolveEndpointDiscoveryConfig<T extends DiscoveryInput>(input: T, { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown }) {
  const { endpointDiscoveryEnabled, endpointDiscoveryEnabledProvider } = input;
  return Object.assign(input, {
    endpointDiscoveryCommandCtor,
    endpointDiscoveryEnabled: endpointDiscoveryEnabled !== undefined ? () => Promise.resolve(endpointDiscoveryEnabled) : endpointDiscoveryEnabledProvider,
    isClientEndpointDiscoveryEnabled: endpointDiscoveryEnabled !== undefined,
  });
}
