import type { Carrier, CarrierName } from '#domain/logistics/ports.js';
import { optionalEnv } from '#shared/config.js';
import { sandboxCarrier } from './sandbox.js';

/** The configured carrier (CARRIER_PROVIDER: `sandbox` locally and in test stages; unset in production until a real adapter exists). */
export const configuredCarrierName = optionalEnv('CARRIER_PROVIDER') as CarrierName | undefined;

/**
 * The sandbox is imported statically: a dynamic import() made esbuild keep the whole DynamoDB
 * client in the webhook's bundle (336 KB). A second adapter is chosen here by name.
 */
export async function configuredCarrier(): Promise<Carrier> {
  if (configuredCarrierName !== 'sandbox') throw new Error(`No carrier adapter for CARRIER_PROVIDER=${configuredCarrierName ?? '(unset)'}`);
  return sandboxCarrier;
}
