/**
 * Extraction and cleaning of collected product pages (lambdas/domain/collection): the fixture
 * pages in test/fixtures/collection are shaped like the big Brazilian marketplaces' product pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { absoluteUrl, availabilityOf, cleanText, priceToCents, validGtin } from '#domain/collection/clean.js';
import { extractProducts } from '#domain/collection/extract.js';
import { SourceBody } from '#domain/collection/schemas.js';
import { nextRunAfter, scheduleMatches } from '#shared/schedule.js';
import * as z from '#shared/zod.js';

const page = (name: string) => readFileSync(path.join(__dirname, '../fixtures/collection', name), 'utf8');
const BASE = 'http://127.0.0.1:8080/produto/x';

describe('priceToCents', () => {
  it.each([
    ['R$ 1.234,56', 123456], ['1.234,56', 123456], ['R$\u00a089,90', 8990], ['12,5', 1250], ['R$ 1.299', 129900],
    ['1234.56', 123456], ['1234.5', 123450], ['59.90', 5990], ['4.599,00', 459900], ['R$ 1.000.000,00', 100000000], [59.9, 5990], [1299, 129900],
  ])('%p -> %p cents', (text, cents) => {
    expect(priceToCents(text)).toBe(cents);
  });

  it.each([['Consulte'], ['0,00'], [''], ['R$ -10,00'], ['1,2,3'], ['1.23.4'], [0], [-5], [Number.NaN], [null], [undefined]])('%p is not a price', (text) => {
    expect(priceToCents(text)).toBeUndefined();
  });
});

describe('validGtin', () => {
  it('accepts GTIN-8/12/13/14 with the right check digit and refuses a wrong one', () => {
    expect(validGtin('7891000000014')).toBe('7891000000014');
    expect(validGtin('789-1000-000014')).toBe('7891000000014');
    expect(validGtin(7891000000014)).toBe('7891000000014');
    expect(validGtin('7891000000015')).toBeUndefined();
    expect(validGtin('96385074')).toBe('96385074');
    expect(validGtin('036000291452')).toBe('036000291452');
    expect(validGtin('12345')).toBeUndefined();
    expect(validGtin('abc')).toBeUndefined();
  });
});

describe('cleanText, absoluteUrl, availabilityOf', () => {
  it('collapses whitespace and drops control, bidirectional and zero-width characters', () => {
    expect(cleanText('  Smart\n\tTV \u202eevil\u200b  ')).toBe('Smart TV evil');
    expect(cleanText('\u0000\u0007')).toBeUndefined();
    expect(cleanText('a'.repeat(300), 200)).toHaveLength(200);
  });

  it('resolves relative URLs and refuses other schemes and credentials', () => {
    expect(absoluteUrl('/img/a.jpg', BASE)).toBe('http://127.0.0.1:8080/img/a.jpg');
    expect(absoluteUrl('javascript:alert(1)', BASE)).toBeUndefined();
    expect(absoluteUrl('https://user:pw@x.example/a', BASE)).toBeUndefined();
    expect(absoluteUrl('https://x.example/a#frag', BASE)).toBe('https://x.example/a');
  });

  it('reads schema.org, OpenGraph and pt-BR availability', () => {
    expect(availabilityOf('https://schema.org/InStock')).toBe('in_stock');
    expect(availabilityOf('OutOfStock')).toBe('out_of_stock');
    expect(availabilityOf('in stock')).toBe('in_stock');
    expect(availabilityOf('oos')).toBe('out_of_stock');
    expect(availabilityOf('Esgotado')).toBe('out_of_stock');
    expect(availabilityOf('maybe')).toBe('unknown');
  });
});

describe('extractProducts', () => {
  it('JSON-LD @graph: product, breadcrumbs in position order, absolute images, GTIN, canonical URL', () => {
    const { products } = extractProducts(page('magalu-graph.html'), BASE);
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      method: 'json-ld',
      url: 'http://127.0.0.1:8080/produto/smart-tv-55',
      name: 'Smart TV 55" 4K UHD LED Samsung',
      brand: 'Samsung',
      gtin: '7891000000014',
      sourceSku: '237942100',
      images: ['http://127.0.0.1:8080/imagens/tv-55-frente.jpg', 'https://cdn.loja.example/tv-55-lado.jpg'],
      categoryHints: ['Início', 'TV e Vídeo', 'Smart TV'],
      variants: [{ sourceSku: '237942100', gtin: '7891000000014', attributes: {}, priceCents: 389990, availability: 'in_stock' }],
    });
  });

  it('microdata only: nested Offer and Brand scopes, a pt-BR price with thousands separators, microdata breadcrumbs', () => {
    const { products } = extractProducts(page('mercadolivre-microdata.html'), BASE);
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      method: 'microdata', name: 'Fone De Ouvido Bluetooth JBL Tune 520BT', brand: 'JBL', gtin: '7891000000021', sourceSku: 'MLB3456789012',
      images: ['https://http2.mlstatic.example/D_NQ_NP_fone-520bt.webp'], categoryHints: ['Eletrônicos, Áudio e Vídeo', 'Fones de Ouvido'],
      variants: [{ priceCents: 123456, availability: 'in_stock', gtin: '7891000000021' }],
    });
  });

  it('OpenGraph only: og:url as canonical, relative og:image made absolute, entities decoded', () => {
    const { products } = extractProducts(page('amazon-og.html'), BASE);
    expect(products).toEqual([expect.objectContaining({
      method: 'opengraph', url: 'http://127.0.0.1:8080/dp/B0ABC12345', name: 'Cafeteira Expresso Oster PrimaLatte', brand: 'Oster',
      description: 'Cafeteira com reservatório de leite & 19 bar de pressão.', sourceSku: 'B0ABC12345', gtin: null,
      images: ['http://127.0.0.1:8080/images/I/cafeteira-oster.jpg'],
      variants: [{ sourceSku: 'B0ABC12345', gtin: null, attributes: {}, priceCents: 129900, availability: 'in_stock' }],
    })]);
  });

  it('a ProductGroup with variants: attributes from variesBy, each variant\'s price and availability, a non-BRL offer dropped', () => {
    const { products } = extractProducts(page('magalu-group.html'), BASE);
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({ method: 'json-ld', name: 'Camiseta Básica Algodão', brand: 'Hering', sourceSku: 'CAM-01', gtin: null, url: 'http://127.0.0.1:8080/produto/camiseta-basica' });
    expect(products[0].variants).toEqual([
      { sourceSku: 'CAM-01-PRETA-M', gtin: '7891000000038', attributes: { color: 'Preta', size: 'M' }, priceCents: 5990, availability: 'in_stock' },
      { sourceSku: 'CAM-01-BRANCA-M', gtin: '7891000000045', attributes: { color: 'Branca', size: 'M' }, priceCents: 5990, availability: 'out_of_stock' },
      { sourceSku: 'CAM-01-PRETA-GG', gtin: '7891000000052', attributes: { color: 'Preta', size: 'GG' }, priceCents: 6490, availability: 'in_stock' },
    ]);
    expect(products[0].images).toEqual(['http://127.0.0.1:8080/img/camiseta-preta.jpg']);
  });

  it('broken JSON-LD next to good microdata: the block is counted as broken and microdata wins', () => {
    const result = extractProducts(page('broken-jsonld.html'), 'http://127.0.0.1:8080/produto/liquidificador');
    expect(result.brokenJsonLd).toBe(1);
    expect(result.products).toEqual([expect.objectContaining({
      method: 'microdata', name: 'Liquidificador Turbo 1200W', brand: 'Arno', gtin: '7891000000069', images: ['http://127.0.0.1:8080/img/liquidificador.png'],
      variants: [expect.objectContaining({ priceCents: 28990, availability: 'in_stock' })],
    })]);
  });

  it('out of stock with an AggregateOffer: the low price in pt-BR form, OutOfStock', () => {
    const { products } = extractProducts(page('out-of-stock.html'), BASE);
    expect(products).toEqual([expect.objectContaining({
      name: 'Geladeira Frost Free Duplex 480L Inox', gtin: '7891000000076', brand: 'Brastemp',
      variants: [expect.objectContaining({ priceCents: 459900, availability: 'out_of_stock' })],
    })]);
  });

  it('last resort: the <h1> and the innermost element whose class says price, not a cart total', () => {
    const { products } = extractProducts(page('heuristic.html'), BASE);
    expect(products).toEqual([expect.objectContaining({
      method: 'heuristic', name: 'Panela de Pressão 4,5L Antiaderente', images: ['http://127.0.0.1:8080/fotos/panela.jpg'],
      variants: [expect.objectContaining({ priceCents: 18990, availability: 'unknown' })],
    })]);
  });

  it('a page with no product finds none; garbage does not throw', () => {
    expect(extractProducts(page('category-page.html'), BASE).products).toEqual([]);
    expect(extractProducts('<<<>>><script type="application/ld+json">[[[</script>\u0000', BASE)).toEqual({ products: [], brokenJsonLd: 1 });
    expect(extractProducts('', BASE).products).toEqual([]);
  });
});

describe('source schedules', () => {
  it('nextRunAfter: rate on the epoch grid, cron by its fields (UTC)', () => {
    expect(nextRunAfter('rate(1 hour)', new Date('2026-11-27T13:20:00Z'))?.toISOString()).toBe('2026-11-27T14:00:00.000Z');
    expect(nextRunAfter('rate(1 hour)', new Date('2026-11-27T14:00:00Z'))?.toISOString()).toBe('2026-11-27T15:00:00.000Z');
    expect(nextRunAfter('cron(30 6 * * ? *)', new Date('2026-11-27T13:20:00Z'))?.toISOString()).toBe('2026-11-28T06:30:00.000Z');
    expect(nextRunAfter('cron(0 0 30 2 ? *)', new Date('2026-11-27T13:20:00Z'))).toBeUndefined();
    expect(scheduleMatches('cron(30 6 * * ? *)', new Date('2026-11-28T06:30:00Z'))).toBe(true);
  });

  it('a source schedule must be an EventBridge expression that fires at most hourly', () => {
    const body = (schedule: string) => ({ name: 'Loja', startUrls: ['https://loja.example/p/1'], schedule, maxPages: 10, enabled: true });
    expect(z.safeParse(SourceBody, body('rate(6 hours)')).success).toBe(true);
    expect(z.safeParse(SourceBody, body('cron(0 3 * * ? *)')).success).toBe(true);
    expect(z.safeParse(SourceBody, body('rate(5 minutes)')).success).toBe(false);
    expect(z.safeParse(SourceBody, body('cron(*/5 * * * ? *)')).success).toBe(false);
    expect(z.safeParse(SourceBody, body('every day')).success).toBe(false);
    expect(z.safeParse(SourceBody, { ...body('rate(1 day)'), startUrls: [] }).success).toBe(false);
    expect(z.safeParse(SourceBody, { ...body('rate(1 day)'), startUrls: ['ftp://x.example/a'] }).success).toBe(false);
  });
});
