import type { OrderRecord } from './ports.js';
import type { AnonymisedAddress } from './schemas.js';

/**
 * An order's address once its customer deleted the account (LGPD, docs/privacy.md): city and state
 * stay for the fiscal record and the sales figures; recipient, street, number, complement, district,
 * CEP and label go. An address already anonymised stays as it is.
 */
export function anonymisedAddress(address: OrderRecord['address'], at: string): AnonymisedAddress {
  if ('anonymisedAt' in address) return address;
  return { city: address.city, state: address.state, anonymisedAt: at };
}
