import { flashSaleRepository } from '#adapters/dynamodb/flash-sales.js';
import { userRepository } from '#adapters/dynamodb/users.js';
import { SlidingWindowLimiter } from '#domain/flash-sale/rate-limit.js';
import { FlashSaleService } from '#domain/flash-sale/service.js';
import { clock } from '#shared/clock.js';
import { optionalEnv } from '#shared/config.js';

/** One service per container: its caches (sold-out flags, opened windows) live as long as the container. */
export const flashSales = new FlashSaleService({
  repo: flashSaleRepository,
  addresses: {
    get: (userId, addressId) => userRepository.getAddress(userId, addressId),
    first: async (userId) => (await userRepository.listAddresses(userId, 1)).items[0],
  },
  now: clock.now,
  realNowMs: Date.now,
  limits: {
    perCustomer: new SlidingWindowLimiter(Number(optionalEnv('FLASH_SALE_CUSTOMER_LIMIT') ?? 10), 10_000),
    perIp: new SlidingWindowLimiter(Number(optionalEnv('FLASH_SALE_IP_LIMIT') ?? 300), 10_000),
  },
});

/**
 * The client's IP: the first X-Forwarded-For entry (set by CloudFront in front of the API),
 * else the connection's source. Without CloudFront, X-Forwarded-For can be forged: see
 * docs/flash-sale.md for why the per-IP limit is a container-level brake, not the defence.
 */
export function clientIp(headers: Readonly<Record<string, string | undefined>>, sourceIp: string): string {
  return headers['x-forwarded-for']?.split(',')[0]?.trim() || sourceIp;
}
