import type { Carrier, CarrierName } from '#domain/logistics/ports.js';
import { optionalEnv } from '#shared/config.js';
import { melhorEnvioCarrierFromEnv } from './melhorenvio.js';
import { sandboxCarrier } from './sandbox.js';

/** The configured carrier (CARRIER_PROVIDER: `sandbox` locally and in test stages, `melhorenvio` in production; lib/stage-config.ts). */
export const configuredCarrierName = optionalEnv('CARRIER_PROVIDER') as CarrierName | undefined;

/**
 * Both adapters are imported statically: a dynamic import() made esbuild keep the whole DynamoDB
 * client in the webhook's bundle (336 KB). Melhor Envio's reads its secret without the Secrets
 * Manager client (#adapters/secrets.js), so it adds a few KB.
 */
export async function configuredCarrier(): Promise<Carrier> {
  if (configuredCarrierName === 'sandbox') return sandboxCarrier;
  if (configuredCarrierName === 'melhorenvio') return melhorEnvioCarrierFromEnv();
  throw new Error(`No carrier adapter for CARRIER_PROVIDER=${configuredCarrierName ?? '(unset)'}`);
}
