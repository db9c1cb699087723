import { foldName, MAX_NAME_SUFFIXES, parseCustomerQuery, searchCustomers, searchTerms } from '#domain/identity/customer-search.js';
import type { CustomerDirectory } from '#domain/identity/ports.js';
import { ValidationError } from '#shared/errors.js';

describe('customer search terms', () => {
  it('folds names: no accents, lower case, punctuation as one space', () => {
    expect(foldName('  José  da Silva-Souza ')).toBe('jose da silva souza');
    expect(foldName('ÁGATA Conceição D\'Ávila')).toBe('agata conceicao d avila');
  });

  it('indexes the email, the CPF digits and the name from each word to its end', () => {
    expect(searchTerms({ email: 'Ana@Example.com', name: 'Ana Maria Souza', cpf: '52998224725' })).toEqual([
      { kind: 'email', term: 'ana@example.com' },
      { kind: 'cpf', term: '52998224725' },
      { kind: 'name', term: 'ana maria souza' },
      { kind: 'name', term: 'maria souza' },
      { kind: 'name', term: 'souza' },
    ]);
  });

  it('indexes a repeated suffix once, a one-letter name not at all, and caps long names', () => {
    expect(searchTerms({ email: 'a@b.co', name: 'Ana Ana', cpf: null }).filter((t) => t.kind === 'name').map((t) => t.term)).toEqual(['ana ana', 'ana']);
    expect(searchTerms({ email: 'a@b.co', name: 'É', cpf: null }).filter((t) => t.kind === 'name')).toEqual([]);
    const long = searchTerms({ email: 'a@b.co', name: 'um dois tres quatro cinco seis sete oito', cpf: null }).filter((t) => t.kind === 'name');
    expect(long).toHaveLength(MAX_NAME_SUFFIXES);
  });

  it('reads what an admin typed: @ is an email, digits and CPF punctuation a CPF, anything else a name; `by` forces it', () => {
    expect(parseCustomerQuery(' Ana@Ex')).toEqual({ kind: 'email', term: 'ana@ex' });
    expect(parseCustomerQuery('529.982.247')).toEqual({ kind: 'cpf', term: '529982247' });
    expect(parseCustomerQuery('Conceição')).toEqual({ kind: 'name', term: 'conceicao' });
    expect(parseCustomerQuery('ana.souza', 'email')).toEqual({ kind: 'email', term: 'ana.souza' });
    expect(parseCustomerQuery('ana.souza')).toEqual({ kind: 'name', term: 'ana souza' });
  });

  it('refuses a term shorter than two characters, naming q', () => {
    for (const q of ['a', '1', '  ', 'é', '--']) {
      expect(() => parseCustomerQuery(q)).toThrow(ValidationError);
    }
    try {
      parseCustomerQuery('x');
    } catch (error) {
      expect((error as ValidationError).details[0].field).toBe('q');
    }
  });
});

describe('searchCustomers', () => {
  it('shows each customer once per page with the lifetime figures (paid less refunded), skipping deleted accounts', async () => {
    const directory: CustomerDirectory = {
      search: async () => ({ items: ['u1', 'u2', 'u1', 'gone'], nextCursor: 'next' }),
      profiles: async (ids) => new Map(ids.filter((id) => id !== 'gone').map((id) => [id, { userId: id, email: `${id}@x.com`, name: id, phone: null, cpf: null, createdAt: 't' }])),
      lifetimes: async () => new Map([['u1', { placedOrders: 3, paidOrders: 2, paidCents: 10_000, refundedCents: 2_500 }]]),
    };
    const page = await searchCustomers({ directory }, { q: 'uu', by: 'name', limit: 4 });
    expect(page.items.map((c) => [c.userId, c.orderCount, c.paidOrders, c.lifetimeValueCents])).toEqual([['u1', 3, 2, 7_500], ['u2', 0, 0, 0]]);
    expect(page.nextCursor).toBe('next');
  });
});
