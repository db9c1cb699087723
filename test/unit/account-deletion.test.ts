/**
 * Account deletion with fakes: the orders are anonymised before the account goes (so a failure
 * leaves an account the customer can delete again), never while an order is open; the address keeps
 * only city and state, and anonymising twice changes nothing.
 */
import type { AccountOrders, IdentityProvider, UserRepository } from '#domain/identity/ports.js';
import { deleteAccount } from '#domain/identity/use-cases.js';
import { anonymisedAddress } from '#domain/orders/anonymise.js';
import { ConflictError } from '#shared/errors.js';

function fakes(options: { open?: boolean; anonymiseFails?: boolean } = {}) {
  const calls: string[] = [];
  const orders: AccountOrders = {
    async hasOpenOrders() {
      return options.open ?? false;
    },
    async anonymise(userId, at) {
      calls.push(`anonymise ${userId} ${at}`);
      if (options.anonymiseFails) throw new Error('throttled');
    },
  };
  const idp = { async deleteUser(userId: string) { calls.push(`deleteUser ${userId}`); } } as unknown as IdentityProvider;
  const users = { async deleteUserData(userId: string) { calls.push(`deleteUserData ${userId}`); } } as unknown as UserRepository;
  const deps = { orders, idp, users, now: () => new Date('2026-12-01T10:00:00.000Z'), realNowMs: () => 1_000 };
  return { calls, deps };
}

it('anonymises the orders, then deletes the Cognito user and the data', async () => {
  const { calls, deps } = fakes();
  await deleteAccount(deps, 'user-1');
  expect(calls).toEqual(['anonymise user-1 2026-12-01T10:00:00.000Z', 'deleteUser user-1', 'deleteUserData user-1']);
});

it('keeps the account when anonymising fails, so the request can be repeated', async () => {
  const { calls, deps } = fakes({ anonymiseFails: true });
  await expect(deleteAccount(deps, 'user-1')).rejects.toThrow('throttled');
  expect(calls).toEqual(['anonymise user-1 2026-12-01T10:00:00.000Z']);
});

it('touches nothing while an order is open', async () => {
  const { calls, deps } = fakes({ open: true });
  await expect(deleteAccount(deps, 'user-1')).rejects.toBeInstanceOf(ConflictError);
  expect(calls).toEqual([]);
});

it('an anonymised address keeps city and state only, and stays as it is', () => {
  const address = {
    id: 'a1', label: 'Casa', recipient: 'Ana Souza', street: 'Rua A', number: '10', complement: 'Apto 2', district: 'Centro',
    city: 'Campinas', state: 'SP' as const, cep: '13010111', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const once = anonymisedAddress(address, '2026-12-01T10:00:00.000Z');
  expect(once).toEqual({ city: 'Campinas', state: 'SP', anonymisedAt: '2026-12-01T10:00:00.000Z' });
  expect(anonymisedAddress(once, '2027-01-01T00:00:00.000Z')).toBe(once);
});
