import { flashSaleRepository } from '#adapters/dynamodb/flash-sales.js';
import { userRepository } from '#adapters/dynamodb/users.js';
import { SlidingWindowLimiter } from '#domain/flash-sale/rate-limit.js';
import { FlashSaleService } from '#domain/flash-sale/service.js';
import { clientIpFrom, clientIpSource } from '#http/client-ip.js';
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

const ipSource = clientIpSource(optionalEnv('CLIENT_IP_SOURCE'));

/** The client's IP for the per-IP limit (see `clientIpFrom`). */
export const clientIp = (headers: Readonly<Record<string, string | undefined>>, sourceIp: string): string => clientIpFrom(ipSource, headers, sourceIp);
