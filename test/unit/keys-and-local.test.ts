import * as keys from '#adapters/dynamodb/keys.js';
import { compileRoutes, matchRoute } from '../../local/gateway.js';
import { scheduleMatches } from '../../local/scheduler.js';

describe('key builders', () => {
  it('builds the documented keys', () => {
    expect(keys.user('u1')).toEqual({ PK: 'USER#u1', SK: 'PROFILE' });
    expect(keys.address('u1', 'a1')).toEqual({ PK: 'USER#u1', SK: 'ADDRESS#a1' });
    expect(keys.tokenMarker('u1')).toEqual({ PK: 'USER#u1', SK: 'TOKENS' });
    expect(keys.session('h')).toEqual({ PK: 'SESSION#h', SK: 'SESSION' });
    expect(keys.customerOrdersKey('u1')).toBe('CUSTOMER#u1');
  });

  it('bounds a customer\'s orders by creation time, and takes a cursor of that customer inside that range only', async () => {
    process.env.TABLE_NAME ??= 'unit-test';
    const { decodeCursor, encodeCursor } = await import('#adapters/dynamodb/client.js');
    const between = keys.customerOrdersBetween('2026-11-01T03:00:00.000Z', '2026-11-02T02:59:59.999Z');
    expect(between).toEqual(['ORDER#2026-11-01T03:00:00.000Z', 'ORDER#2026-11-02T02:59:59.999Z~']);
    expect(keys.customerOrdersBetween(undefined, undefined)).toEqual(['ORDER#0000', 'ORDER#9999~']);
    const at = (createdAt: string, sub = 'u1') => encodeCursor({ ...keys.order('o1'), ...keys.customerOrdersIndex(sub, createdAt, 'o1') }) as string;
    const inside = at('2026-11-02T02:59:59.999Z');
    expect(decodeCursor(inside, keys.customerOrdersCursor('u1', between))).toMatchObject({ GSI1SK: 'ORDER#2026-11-02T02:59:59.999Z#o1' });
    expect(() => decodeCursor(at('2026-11-02T03:00:00.000Z'), keys.customerOrdersCursor('u1', between))).toThrow('Invalid cursor');
    expect(() => decodeCursor(at('2026-10-31T12:00:00.000Z'), keys.customerOrdersCursor('u1', between))).toThrow('Invalid cursor');
    expect(() => decodeCursor(at('2026-11-01T12:00:00.000Z', 'u2'), keys.customerOrdersCursor('u1', between))).toThrow('Invalid cursor');
    expect(decodeCursor(at('2026-10-31T12:00:00.000Z'), keys.customerOrdersCursor('u1'))).toBeDefined();
  });

  it('keeps every user item in the user partition so deletion can find them all', () => {
    for (const key of [keys.user('u1'), keys.address('u1', 'a'), keys.tokenMarker('u1')]) {
      expect(key.PK).toBe(keys.userPartition('u1'));
    }
    expect(keys.address('u1', 'a').SK.startsWith(keys.addressPrefix)).toBe(true);
  });
});

describe('local gateway route matching', () => {
  const table = compileRoutes();
  it('matches methods and path parameters like API Gateway', () => {
    expect(matchRoute(table, 'PUT', '/me/addresses/abc')).toMatchObject({ route: { routeKey: 'PUT /me/addresses/{id}' }, params: { id: 'abc' } });
    expect(matchRoute(table, 'GET', '/me/addresses')?.route.routeKey).toBe('GET /me/addresses');
    expect(matchRoute(table, 'PATCH', '/me/addresses/abc')).toBeUndefined();
    expect(matchRoute(table, 'GET', '/me/addresses/abc/extra')).toBeUndefined();
  });
  it('decodes path parameters', () => {
    expect(matchRoute(table, 'GET', '/admin/customers/a%20b')?.params).toEqual({ id: 'a b' });
  });
});

describe('schedule expressions', () => {
  const at = (iso: string) => new Date(iso);
  it('matches hourly cron on the hour only', () => {
    expect(scheduleMatches('cron(0 * * * ? *)', at('2026-11-27T13:00:00Z'))).toBe(true);
    expect(scheduleMatches('cron(0 * * * ? *)', at('2026-11-27T13:01:00Z'))).toBe(false);
  });
  it('supports lists, ranges, steps and day of week (1 = Sunday)', () => {
    expect(scheduleMatches('cron(0/15 9-17 ? * 2-6 *)', at('2026-11-27T09:45:00Z'))).toBe(true); // Friday
    expect(scheduleMatches('cron(0/15 9-17 ? * 2-6 *)', at('2026-11-29T09:45:00Z'))).toBe(false); // Sunday
    expect(scheduleMatches('cron(5,35 * * * ? *)', at('2026-11-27T10:35:00Z'))).toBe(true);
  });
  it('supports rate expressions', () => {
    expect(scheduleMatches('rate(1 minute)', at('2026-11-27T10:07:00Z'))).toBe(true);
    expect(scheduleMatches('rate(5 minutes)', at('2026-11-27T10:10:00Z'))).toBe(true);
    expect(scheduleMatches('rate(5 minutes)', at('2026-11-27T10:11:00Z'))).toBe(false);
    expect(() => scheduleMatches('every hour', at('2026-11-27T10:00:00Z'))).toThrow(/Unsupported/);
  });
});
