import { importStock, parseCsv, parseStockCsv } from '#domain/catalog/stock-import.js';
import type { StockImportDeps } from '#domain/catalog/stock-import.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a last line without a newline', () => {
    expect(parseCsv('a,"b,1","c ""x"""\r\nd,e,f', ',')).toEqual([['a', 'b,1', 'c "x"'], ['d', 'e', 'f']]);
  });
  it('refuses an unterminated quote with 400', () => {
    expect(() => parseCsv('sku,stock\n"A,1\n', ',')).toThrow(expect.objectContaining({ reason: 'invalid' }));
  });
});

describe('parseStockCsv', () => {
  it('takes sku,stock or sku;delta headers in any case and order, skipping blank lines', () => {
    expect(parseStockCsv('\uFEFFStock,SKU\n5,A-1\n\n0,B.2\n')).toEqual([
      { line: 2, sku: 'A-1', change: { stock: 5 } },
      { line: 4, sku: 'B.2', change: { stock: 0 } },
    ]);
    expect(parseStockCsv('sku;delta\r\nA;-3\r\nB;+4')).toEqual([{ line: 2, sku: 'A', change: { delta: -3 } }, { line: 3, sku: 'B', change: { delta: 4 } }]);
  });

  it('reports each bad row with its line, without failing the others', () => {
    expect(parseStockCsv('sku,stock\nA,1.5\n,3\nA,2\nB,-1\nC,abc\nA,4\nD,2000000')).toEqual([
      { line: 2, sku: 'A', code: 'INVALID_QUANTITY', message: 'stock must be an integer up to 1000000' },
      { line: 3, sku: '', code: 'INVALID_SKU', message: expect.any(String) },
      // a SKU twice is ambiguous even when its first row is bad
      { line: 4, sku: 'A', code: 'DUPLICATE_SKU', message: 'line 2 already has this SKU' },
      { line: 5, sku: 'B', code: 'INVALID_QUANTITY', message: 'stock must not be negative' },
      { line: 6, sku: 'C', code: 'INVALID_QUANTITY', message: expect.any(String) },
      { line: 7, sku: 'A', code: 'DUPLICATE_SKU', message: 'line 2 already has this SKU' },
      { line: 8, sku: 'D', code: 'INVALID_QUANTITY', message: expect.any(String) },
    ]);
  });

  it.each([
    ['no sku column', 'code,stock\nA,1'],
    ['both stock and delta', 'sku,stock,delta\nA,1,2'],
    ['only a header', 'sku,stock\n'],
    ['more than 1,000 rows', `sku,stock\n${Array.from({ length: 1001 }, (_, i) => `S${i},1`).join('\n')}`],
  ])('refuses a file with %s (400)', (_what, csv) => {
    expect(() => parseStockCsv(csv)).toThrow(expect.objectContaining({ reason: 'invalid' }));
  });
});

describe('importStock', () => {
  function catalog(stock: Record<string, number>) {
    const writes: string[] = [];
    const deps: StockImportDeps = {
      catalog: {
        stockBySku: async (skus) => new Map(skus.filter((s) => s in stock).map((s) => [s, stock[s]])),
        changeStockBySku: async (sku, change) => {
          writes.push(sku);
          const previousStock = stock[sku];
          const next = 'stock' in change ? change.stock : previousStock + change.delta;
          if (next < 0) return { ok: false, reason: 'insufficient', available: previousStock };
          stock[sku] = next;
          return { ok: true, previousStock, stock: next };
        },
      },
    };
    return { deps, writes, stock };
  }

  it('a dry run reports every row and writes nothing', async () => {
    const { deps, writes } = catalog({ A: 5, B: 1 });
    const report = await importStock(deps, { csv: 'sku,delta\nA,-2\nB,-3\nZ,1\nA,1', dryRun: true });
    expect(writes).toEqual([]);
    expect(report).toEqual({
      dryRun: true,
      summary: { rows: 4, ok: 1, errors: 3, applied: 0 },
      rows: [
        { line: 2, sku: 'A', status: 'ok', applied: false, previousStock: 5, stock: 3 },
        { line: 3, sku: 'B', status: 'error', applied: false, previousStock: 1, stock: null, code: 'INSUFFICIENT_STOCK', message: 'stock would go below zero (-2)' },
        { line: 4, sku: 'Z', status: 'error', applied: false, previousStock: null, stock: null, code: 'UNKNOWN_SKU', message: 'no variant has this SKU' },
        { line: 5, sku: 'A', status: 'error', applied: false, previousStock: null, stock: null, code: 'DUPLICATE_SKU', message: 'line 2 already has this SKU' },
      ],
    });
  });

  it('a real run writes the valid rows only and reports what each became', async () => {
    const { deps, writes, stock } = catalog({ A: 5, B: 1 });
    const report = await importStock(deps, { csv: 'sku,stock\nA,9\nB,-1\nZ,3', dryRun: false });
    expect(writes).toEqual(['A']);
    expect(stock).toEqual({ A: 9, B: 1 });
    expect(report.summary).toEqual({ rows: 3, ok: 1, errors: 2, applied: 1 });
    expect(report.rows[0]).toEqual({ line: 2, sku: 'A', status: 'ok', applied: true, previousStock: 5, stock: 9 });
  });
});
