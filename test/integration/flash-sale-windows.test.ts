/**
 * A long campaign has hundreds of hourly windows: the invariant checker must audit every one of them,
 * while the admin view shows the newest 48.
 */
import { adminToken, api } from '../helpers/api.js';
import { checkFlashSale } from '../helpers/flash.js';
import { inProcessAdapters } from '../helpers/table.js';

const HOUR = 3_600_000;

it('the checker audits every window of a sale with more than a page of them; the admin view shows the newest 48', async () => {
  inProcessAdapters();
  const { flashSaleRepository } = await import('#adapters/dynamodb/flash-sales.js');
  const { windowAt } = await import('#domain/flash-sale/windows.js');
  const seeded = (await flashSaleRepository.getSale((await api('GET', '/flash-sales/current')).body.saleId))!;
  // A campaign in the past, so it never becomes the current sale of the other tests.
  const startMs = Date.parse('2025-11-01T00:00:00.000Z');
  const sale = { ...seeded, id: `LONG-${Date.now()}`, name: 'Long campaign', startsAt: new Date(startMs).toISOString(), endsAt: new Date(startMs + 60 * HOUR).toISOString() };
  expect(await flashSaleRepository.createSale(sale)).toBe('created');
  const starts: string[] = [];
  for (let hour = 0; hour < 55; hour++) {
    const window = windowAt(sale, new Date(startMs + hour * HOUR + 60_000))!;
    expect(await flashSaleRepository.openWindow(sale, window)).toBe('opened');
    starts.push(window.startsAt);
  }

  expect((await flashSaleRepository.windowHeaders(sale.id)).map((h) => h.startsAt)).toEqual([...starts].reverse());
  expect((await flashSaleRepository.windowHeaders(sale.id, 10)).map((h) => h.startsAt)).toEqual([...starts].reverse().slice(0, 10));

  const view = await api('GET', `/admin/flash-sales/${sale.id}`, { token: await adminToken() });
  expect(view.status).toBe(200);
  expect(view.body.windows.map((w: { startsAt: string }) => w.startsAt)).toEqual([...starts].reverse().slice(0, 48));

  const audited = (await checkFlashSale()).windows.filter((w) => w.windowId.startsWith(`${sale.id}@`));
  expect(audited).toHaveLength(55);
  expect(audited.every((w) => w.violations.length === 0 && w.remaining === sale.unitsPerWindow)).toBe(true);
}, 120_000);
