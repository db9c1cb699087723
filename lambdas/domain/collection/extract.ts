/**
 * Product data from one HTML page, whatever the layout: schema.org `Product`/`ProductGroup` in
 * JSON-LD first (`@graph`, arrays, `offers` as Offer, AggregateOffer or a list, `hasVariant`), then
 * schema.org microdata, then OpenGraph product tags, then a last-resort heuristic (an `<h1>` and a
 * visible "R$" price). The page is parsed with htmlparser2 (a kept, forgiving parser), never with
 * regexes; a JSON-LD block that does not parse is skipped and the next strategy gets its turn.
 * Pure: the page's text in, plain values out (descriptions are sanitised by the ingest step).
 */
import type { Element } from 'domhandler';
import { compareDocumentPosition, findAll, findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { absoluteUrl, type Availability, availabilityOf, cleanText, priceToCents, validGtin } from './clean.js';

export type ExtractionMethod = 'json-ld' | 'microdata' | 'opengraph' | 'heuristic';

export interface ExtractedVariant {
  /** The source's SKU (or product id) for this variant, when it gives one. */
  sourceSku: string | null;
  gtin: string | null;
  attributes: Record<string, string>;
  priceCents: number;
  availability: Availability;
}

export interface ExtractedProduct {
  method: ExtractionMethod;
  /** The page's canonical URL (link rel=canonical, og:url, the product's url, or the fetched URL). */
  url: string;
  name: string;
  /** As found (HTML or text); sanitised like admin input before it is stored. */
  description: string;
  brand: string | null;
  gtin: string | null;
  sourceSku: string | null;
  images: string[];
  /** Breadcrumb names, outermost first (category hints for the admin). */
  categoryHints: string[];
  variants: ExtractedVariant[];
}

export interface Extraction {
  products: ExtractedProduct[];
  /** JSON-LD blocks that were not valid JSON (reported, not fatal). */
  brokenJsonLd: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const typesOf = (node: Json): string[] => asArray(node['@type']).filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
const MAX_IMAGES = 10;
const MAX_VARIANTS = 50;

export function extractProducts(html: string, pageUrl: string): Extraction {
  const doc = parseDocument(html, { decodeEntities: true });
  const base = baseUrl(doc, pageUrl);
  const canonical = canonicalUrl(doc, base) ?? pageUrl;
  const categoryHints: string[] = [];
  const jsonLd = readJsonLd(doc);
  categoryHints.push(...breadcrumbsFromJsonLd(jsonLd.nodes));
  if (!categoryHints.length) categoryHints.push(...breadcrumbsFromMicrodata(doc));
  const context = { base, canonical, categoryHints };

  const fromJsonLd = productsFromJsonLd(jsonLd.nodes, context);
  if (fromJsonLd.length) return { products: fromJsonLd, brokenJsonLd: jsonLd.broken };
  const fromMicrodata = productsFromMicrodata(doc, context);
  if (fromMicrodata.length) return { products: fromMicrodata, brokenJsonLd: jsonLd.broken };
  const fromOpenGraph = productFromOpenGraph(doc, context);
  if (fromOpenGraph) return { products: [fromOpenGraph], brokenJsonLd: jsonLd.broken };
  const fromHeuristic = productFromHeuristic(doc, context);
  return { products: fromHeuristic ? [fromHeuristic] : [], brokenJsonLd: jsonLd.broken };
}

interface Context { base: string; canonical: string; categoryHints: string[] }

type Doc = ReturnType<typeof parseDocument>;

const byTag = (doc: Doc, tag: string) => findAll((e) => e.name === tag, doc.children);
const attr = (e: Element, name: string) => getAttributeValue(e, name);

function baseUrl(doc: Doc, pageUrl: string): string {
  const base = findOne((e) => e.name === 'base' && attr(e, 'href') !== undefined, doc.children);
  return (base && absoluteUrl(attr(base, 'href'), pageUrl)) ?? pageUrl;
}

function canonicalUrl(doc: Doc, base: string): string | undefined {
  const link = findOne((e) => e.name === 'link' && (attr(e, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'), doc.children);
  return (link && absoluteUrl(attr(link, 'href'), base)) ?? absoluteUrl(metaContent(doc, 'og:url'), base);
}

function metaContent(doc: Doc, key: string): string | undefined {
  const meta = findOne((e) => e.name === 'meta' && (attr(e, 'property') === key || attr(e, 'name') === key), doc.children);
  return meta ? attr(meta, 'content') : undefined;
}

// --- JSON-LD ---

function readJsonLd(doc: Doc): { nodes: Json[]; broken: number } {
  const nodes: Json[] = [];
  let broken = 0;
  for (const script of byTag(doc, 'script')) {
    if ((attr(script, 'type') ?? '').toLowerCase().trim() !== 'application/ld+json') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(textContent(script));
    } catch {
      broken++;
      continue;
    }
    flatten(parsed, nodes, 0);
  }
  return { nodes, broken };
}

/** Every object of the block at the top level or under `@graph` (nested nodes stay inside their parents). */
function flatten(value: unknown, into: Json[], depth: number): void {
  if (depth > 4) return;
  for (const item of asArray(value)) {
    if (!isObject(item)) continue;
    if (item['@graph'] !== undefined) flatten(item['@graph'], into, depth + 1);
    if (item['@type'] !== undefined) into.push(item);
  }
}

function breadcrumbsFromJsonLd(nodes: Json[]): string[] {
  const list = nodes.find((n) => typesOf(n).includes('BreadcrumbList'));
  if (!list) return [];
  return asArray(list.itemListElement)
    .filter(isObject)
    .sort((a, b) => Number(a.position ?? 0) - Number(b.position ?? 0))
    .map((e) => cleanText(e.name ?? (isObject(e.item) ? e.item.name : undefined), 80))
    .filter((n): n is string => n !== undefined)
    .slice(0, 6);
}

/** Prices and availability of an `offers` value: Offer, AggregateOffer (lowPrice) or a list of them; BRL or unstated only. */
function offerOf(offers: unknown): { priceCents: number; availability: Availability } | undefined {
  const found: { priceCents: number; availability: Availability }[] = [];
  for (const offer of asArray(offers)) {
    if (!isObject(offer)) continue;
    const currency = offer.priceCurrency ?? (isObject(offer.priceSpecification) ? offer.priceSpecification.priceCurrency : undefined);
    if (currency !== undefined && String(currency).toUpperCase() !== 'BRL') continue;
    const price = priceToCents(offer.price)
      ?? priceToCents(offer.lowPrice)
      ?? (isObject(offer.priceSpecification) ? priceToCents(offer.priceSpecification.price) : undefined);
    if (typesOf(offer).includes('AggregateOffer') && offer.offers !== undefined && price === undefined) {
      const inner = offerOf(offer.offers);
      if (inner) found.push(inner);
      continue;
    }
    if (price !== undefined) found.push({ priceCents: price, availability: availabilityOf(offer.availability) });
  }
  if (!found.length) return undefined;
  // The lowest price on offer; in stock when any offer is.
  const lowest = found.reduce((a, b) => (b.priceCents < a.priceCents ? b : a));
  const availability = found.some((f) => f.availability === 'in_stock') ? 'in_stock' : lowest.availability;
  return { priceCents: lowest.priceCents, availability };
}

function imagesOf(value: unknown, base: string): string[] {
  const urls = asArray(value).map((i) => absoluteUrl(isObject(i) ? (i.contentUrl ?? i.url) : i, base)).filter((u): u is string => u !== undefined);
  return [...new Set(urls)].slice(0, MAX_IMAGES);
}

const brandOf = (value: unknown) => cleanText(isObject(value) ? value.name : Array.isArray(value) ? value[0] : value, 80) ?? null;
const gtinOf = (node: Json) => validGtin(node.gtin13 ?? node.gtin ?? node.gtin14 ?? node.gtin12 ?? node.gtin8 ?? node.ean) ?? null;
const skuOf = (node: Json) => cleanText(node.sku ?? node.productID ?? node.mpn, 64) ?? null;

/** `variesBy` names (schema.org URLs or plain) and the variant's values for them (color, size ...). */
function attributesOf(variant: Json, variesBy: string[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const property of variesBy) {
    const key = property.replace(/^https?:\/\/schema\.org\//, '');
    const value = cleanText(variant[key], 80);
    if (value) attributes[key] = value;
  }
  for (const extra of asArray(variant.additionalProperty).filter(isObject)) {
    const key = cleanText(extra.name, 40);
    const value = cleanText(extra.value, 80);
    if (key && value && Object.keys(attributes).length < 10) attributes[key] = value;
  }
  return attributes;
}

function productsFromJsonLd(nodes: Json[], context: Context): ExtractedProduct[] {
  const groups = nodes.filter((n) => typesOf(n).includes('ProductGroup'));
  const variantNodes = new Set<unknown>(groups.flatMap((g) => asArray(g.hasVariant)));
  const products: ExtractedProduct[] = [];
  for (const group of groups) {
    const variesBy = asArray(group.variesBy).filter((v): v is string => typeof v === 'string');
    const variants = asArray(group.hasVariant).filter(isObject).flatMap((v): ExtractedVariant[] => {
      const offer = offerOf(v.offers);
      if (!offer) return [];
      return [{ sourceSku: skuOf(v), gtin: gtinOf(v), attributes: attributesOf(v, variesBy), ...offer }];
    });
    const product = assemble('json-ld', group, variants.slice(0, MAX_VARIANTS), context, asArray(group.hasVariant).filter(isObject).flatMap((v) => imagesOf(v.image, context.base)));
    if (product) products.push(product);
  }
  for (const node of nodes) {
    if (!typesOf(node).includes('Product') || typesOf(node).includes('ProductGroup') || variantNodes.has(node)) continue;
    const offer = offerOf(node.offers);
    if (!offer) continue;
    const product = assemble('json-ld', node, [{ sourceSku: skuOf(node), gtin: gtinOf(node), attributes: {}, ...offer }], context, []);
    if (product) products.push(product);
  }
  return products;
}

function assemble(method: ExtractionMethod, node: Json, variants: ExtractedVariant[], context: Context, moreImages: string[]): ExtractedProduct | undefined {
  const name = cleanText(node.name);
  if (!name || !variants.length) return undefined;
  return {
    method,
    url: context.canonical,
    name,
    description: typeof node.description === 'string' ? node.description.slice(0, 20_000) : '',
    brand: brandOf(node.brand),
    gtin: gtinOf(node) ?? (variants.length === 1 ? variants[0].gtin : null),
    sourceSku: cleanText(node.productGroupID, 64) ?? skuOf(node),
    images: [...new Set([...imagesOf(node.image, context.base), ...moreImages])].slice(0, MAX_IMAGES),
    categoryHints: context.categoryHints,
    variants,
  };
}

// --- microdata ---

const itemTypes = (e: Element) => (attr(e, 'itemtype') ?? '').split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
const isScope = (e: Element) => attr(e, 'itemscope') !== undefined;

/** The item a microdata scope describes: its properties (not those of nested scopes), nested scopes as objects. */
function microdataItem(scope: Element, base: string, depth = 0): Json {
  const item: Json = { '@type': itemTypes(scope) };
  const visit = (children: Element['children']) => {
    for (const child of children) {
      if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
      const e = child as Element;
      const props = (attr(e, 'itemprop') ?? '').split(/\s+/).filter(Boolean);
      const value = props.length ? (isScope(e) ? (depth < 3 ? microdataItem(e, base, depth + 1) : undefined) : microdataValue(e, base)) : undefined;
      for (const prop of props) {
        if (value === undefined) continue;
        item[prop] = item[prop] === undefined ? value : [...asArray(item[prop]), value];
      }
      if (!isScope(e)) visit(e.children);
    }
  };
  visit(scope.children);
  return item;
}

function microdataValue(e: Element, base: string): string | undefined {
  switch (e.name) {
    case 'meta': return attr(e, 'content');
    case 'link': case 'a': case 'area': return absoluteUrl(attr(e, 'href'), base);
    case 'img': case 'source': case 'video': case 'audio': return absoluteUrl(attr(e, 'src'), base);
    case 'data': case 'meter': return attr(e, 'value');
    case 'time': return attr(e, 'datetime') ?? textContent(e);
    default: return attr(e, 'content') ?? textContent(e);
  }
}

function productsFromMicrodata(doc: Doc, context: Context): ExtractedProduct[] {
  const scopes = findAll((e) => isScope(e) && attr(e, 'itemprop') === undefined && itemTypes(e).some((t) => t === 'Product' || t === 'ProductGroup'), doc.children);
  const products: ExtractedProduct[] = [];
  for (const scope of scopes) {
    const node = microdataItem(scope, context.base);
    const offer = offerOf(asArray(node.offers).map((o) => (isObject(o) && !o.priceCurrency && isObject(o.priceSpecification) ? { ...o, ...o.priceSpecification } : o)));
    if (!offer) continue;
    const product = assemble('microdata', node, [{ sourceSku: skuOf(node), gtin: gtinOf(node), attributes: {}, ...offer }], context, []);
    if (product) products.push(product);
  }
  return products;
}

function breadcrumbsFromMicrodata(doc: Doc): string[] {
  const list = findOne((e) => isScope(e) && itemTypes(e).includes('BreadcrumbList'), doc.children);
  if (!list) return [];
  const node = microdataItem(list, 'http://localhost/');
  return asArray(node.itemListElement).filter(isObject)
    .map((e) => cleanText(e.name ?? (isObject(e.item) ? e.item.name : undefined), 80))
    .filter((n): n is string => n !== undefined)
    .slice(0, 6);
}

// --- OpenGraph ---

function productFromOpenGraph(doc: Doc, context: Context): ExtractedProduct | undefined {
  const type = (metaContent(doc, 'og:type') ?? '').toLowerCase();
  if (type !== 'product' && type !== 'product.item' && type !== 'og:product') return undefined;
  const currency = metaContent(doc, 'product:price:currency') ?? metaContent(doc, 'og:price:currency');
  if (currency && currency.toUpperCase() !== 'BRL') return undefined;
  const priceCents = priceToCents(metaContent(doc, 'product:price:amount') ?? metaContent(doc, 'og:price:amount'));
  if (priceCents === undefined) return undefined;
  const images = findAll((e) => e.name === 'meta' && (attr(e, 'property') === 'og:image' || attr(e, 'property') === 'og:image:secure_url'), doc.children)
    .map((e) => attr(e, 'content'));
  const gtin = validGtin(metaContent(doc, 'product:ean') ?? metaContent(doc, 'product:gtin') ?? metaContent(doc, 'product:upc')) ?? null;
  const node: Json = {
    name: metaContent(doc, 'og:title'),
    description: metaContent(doc, 'og:description'),
    brand: metaContent(doc, 'product:brand'),
    sku: metaContent(doc, 'product:retailer_item_id'),
  };
  return assemble('opengraph', { ...node, image: images }, [{
    sourceSku: skuOf(node), gtin, attributes: {}, priceCents,
    availability: availabilityOf(metaContent(doc, 'product:availability') ?? metaContent(doc, 'og:availability')),
  }], context, []);
}

// --- last resort ---

/**
 * domutils' DocumentPosition.PRECEDING (declared a `const enum`, which an isolated-modules build cannot
 * inline). Unlike the DOM's, domutils' `compareDocumentPosition(a, b)` says where `a` is: PRECEDING = `a` comes first.
 */
const PRECEDING = 2;
/** Whether `b` comes after `a` in the page. */
const follows = (a: Element, b: Element) => (compareDocumentPosition(a, b) & PRECEDING) !== 0;

const PRICE_TEXT = /R\$\s*\d{1,3}(?:\.\d{3})*(?:,\d{2})?/;

/**
 * An `<h1>` and, after it in the page, the first innermost element whose class or id says "price"
 * and whose text shows a positive "R$" amount (not a cart total in the header, not a price block
 * that holds an old and a new price).
 */
function productFromHeuristic(doc: Doc, context: Context): ExtractedProduct | undefined {
  const h1 = findOne((e) => e.name === 'h1', doc.children);
  if (!h1) return undefined;
  const priced = findAll((e) => /price|preco|preço/i.test(`${attr(e, 'class') ?? ''} ${attr(e, 'id') ?? ''}`) && PRICE_TEXT.test(textContent(e)), doc.children);
  const innermost = priced.filter((e) => !priced.some((other) => other !== e && findOne((x) => x === other, e.children) !== null));
  const afterTitle = innermost.filter((e) => follows(h1, e));
  const priceCents = afterTitle.map((e) => priceToCents(PRICE_TEXT.exec(textContent(e))?.[0])).find((cents) => cents !== undefined);
  if (priceCents === undefined) return undefined;
  const image = findOne((e) => e.name === 'img' && attr(e, 'src') !== undefined && follows(h1, e), doc.children);
  return assemble('heuristic', { name: textContent(h1), image: image ? [attr(image, 'src')] : [] }, [{ sourceSku: null, gtin: null, attributes: {}, priceCents, availability: 'unknown' }], context, []);
}
