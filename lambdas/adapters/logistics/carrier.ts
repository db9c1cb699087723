import type { Carrier, CarrierName } from '#domain/logistics/ports.js';
import { optionalEnv } from '#shared/config.js';

/** The configured carrier (CARRIER_PROVIDER: `sandbox` locally and in test stages; unset in production until a real adapter exists). */
export const configuredCarrierName = optionalEnv('CARRIER_PROVIDER') as CarrierName | undefined;

let carrier: Promise<Carrier> | undefined;

export function configuredCarrier(): Promise<Carrier> {
  if (configuredCarrierName !== 'sandbox') return Promise.reject(new Error(`No carrier adapter for CARRIER_PROVIDER=${configuredCarrierName ?? '(unset)'}`));
  carrier ??= import('./sandbox.js').then((m) => m.sandboxCarrier);
  return carrier;
}
