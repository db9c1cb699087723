/**
 * Search: every criterion lives in the URL (q, sort, category, min/max in reais, inStock, brand,
 * attr.<name>, cursor), so a result page is a shareable link and the back button returns to the
 * previous criteria. The API pages with an opaque cursor: "next page" pushes it into the URL. The
 * facets the API counts (brand, price ranges, variant attributes) are links that set a filter.
 */
import { type ChangeEvent, useEffect, useState } from 'react';
import { api, type Category, type ProductList, type SearchQuery } from '../api/client';
import { ProductCard } from '../components/ProductCard';
import { formatPrice } from '../format';
import { navigate, useLocation } from '../router';

const PAGE_SIZE = 24;
const SORTS: { value: NonNullable<SearchQuery['sort']>; label: string }[] = [
  { value: 'relevance', label: 'Mais relevantes' },
  { value: 'price', label: 'Menor preço' },
  { value: '-price', label: 'Maior preço' },
  { value: 'newest', label: 'Lançamentos' },
  { value: 'bestselling', label: 'Mais vendidos' },
];

function toCents(reais: string | null): number | undefined {
  if (!reais) return undefined;
  const value = Number(reais.replace(',', '.'));
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : undefined;
}

/** The API's query: the declared parameters plus the `attr.<name>` filters, passed through as they are in the URL. */
function apiQuery(query: URLSearchParams): SearchQuery {
  const sort = SORTS.find((s) => s.value === query.get('sort'))?.value;
  const attributes = Object.fromEntries([...query].filter(([name]) => name.startsWith('attr.')));
  return {
    ...attributes,
    q: query.get('q') || undefined,
    sort,
    category: query.get('category') || undefined,
    minPrice: toCents(query.get('min')),
    maxPrice: toCents(query.get('max')),
    inStock: query.get('inStock') === 'true' ? 'true' : undefined,
    brand: query.get('brand') || undefined,
    cursor: query.get('cursor') || undefined,
    limit: PAGE_SIZE,
  };
}

const reais = (cents: number) => String(cents / 100);

/** One facet: each value is a button that sets the filter (or clears it when it is the one set). */
function Facet({ title, values, selected, onPick }: {
  title: string;
  values: { value: string; count: number; label?: string }[];
  selected: string | null;
  onPick: (value: string | undefined) => void;
}) {
  if (values.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <ul>
        {values.map((v) => (
          <li key={v.value}>
            <button type="button" aria-pressed={selected === v.value} onClick={() => onPick(selected === v.value ? undefined : v.value)}>
              {v.label ?? v.value} ({v.count})
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'done'; result: ProductList };

export function SearchPage() {
  const { query } = useLocation();
  const key = query.toString();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [categories, setCategories] = useState<Category[]>([]);

  useEffect(() => {
    void api.GET('/categories').then(({ data }) => setCategories(data?.items ?? []), () => undefined);
  }, []);

  useEffect(() => {
    let active = true;
    setState({ status: 'loading' });
    api.GET('/products', { params: { query: apiQuery(new URLSearchParams(key)) } }).then(
      ({ data, error }) => {
        if (!active) return;
        setState(data ? { status: 'done', result: data } : { status: 'error', message: error?.error.message ?? 'Não foi possível buscar.' });
      },
      () => active && setState({ status: 'error', message: 'Sem conexão com a loja. Tente de novo.' }),
    );
    return () => {
      active = false;
    };
  }, [key]);

  /** Changes one criterion; any change of criteria starts again from the first page. */
  const update = (name: string, value: string | undefined, keepCursor = false) => {
    const next = new URLSearchParams(key);
    if (value) next.set(name, value);
    else next.delete(name);
    if (!keepCursor) next.delete('cursor');
    navigate(`/busca?${next}`);
  };
  const onSelect = (name: string) => (event: ChangeEvent<HTMLSelectElement>) => update(name, event.target.value || undefined);
  const q = query.get('q');

  return (
    <main className="search-page">
      <h1>{q ? `Resultados para “${q}”` : 'Todos os produtos'}</h1>
      <form className="filters" aria-label="Filtros" onSubmit={(e) => e.preventDefault()}>
        <label>
          Ordenar por
          <select value={query.get('sort') ?? 'relevance'} onChange={onSelect('sort')}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Categoria
          <select value={query.get('category') ?? ''} onChange={onSelect('category')}>
            <option value="">Todas</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Preço mínimo (R$)
          <input type="number" min="0" inputMode="decimal" defaultValue={query.get('min') ?? ''} key={`min-${query.get('min')}`}
            onBlur={(e) => update('min', e.target.value || undefined)} />
        </label>
        <label>
          Preço máximo (R$)
          <input type="number" min="0" inputMode="decimal" defaultValue={query.get('max') ?? ''} key={`max-${query.get('max')}`}
            onBlur={(e) => update('max', e.target.value || undefined)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={query.get('inStock') === 'true'} onChange={(e) => update('inStock', e.target.checked ? 'true' : undefined)} />
          Só com estoque
        </label>
      </form>
      {state.status === 'loading' ? <p aria-live="polite">Carregando…</p> : null}
      {state.status === 'error' ? <p role="alert">{state.message}</p> : null}
      {state.status === 'done' ? (
        <>
          <aside className="facets" aria-label="Refinar resultados" data-testid="facets">
            <Facet title="Marca" values={state.result.facets.brand} selected={query.get('brand')} onPick={(v) => update('brand', v)} />
            <Facet
              title="Faixa de preço"
              values={state.result.facets.price.map((r) => ({
                value: `${reais(r.minPrice)}-${r.maxPrice === null ? '' : reais(r.maxPrice)}`,
                label: r.maxPrice === null ? `A partir de ${formatPrice(r.minPrice)}` : `${formatPrice(r.minPrice)} a ${formatPrice(r.maxPrice)}`,
                count: r.count,
              }))}
              selected={query.get('min') || query.get('max') ? `${query.get('min') ?? ''}-${query.get('max') ?? ''}` : null}
              onPick={(v) => {
                const [min, max] = (v ?? '-').split('-');
                const next = new URLSearchParams(key);
                for (const [name, value] of [['min', min], ['max', max]]) {
                  if (value) next.set(name, value);
                  else next.delete(name);
                }
                next.delete('cursor');
                navigate(`/busca?${next}`);
              }}
            />
            {Object.entries(state.result.facets.attributes).map(([name, values]) => (
              <Facet key={name} title={name.charAt(0).toUpperCase() + name.slice(1)} values={values} selected={query.get(`attr.${name}`)}
                onPick={(v) => update(`attr.${name}`, v)} />
            ))}
          </aside>
          <p aria-live="polite" className="result-count">
            {state.result.items.length === 0 ? 'Nenhum produto encontrado.' : `${state.result.items.length} produtos nesta página`}
          </p>
          <ul className="grid" data-testid="results">
            {state.result.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </ul>
          <nav className="pager" aria-label="Paginação">
            {query.get('cursor') ? (
              <button type="button" onClick={() => update('cursor', undefined)}>
                Primeira página
              </button>
            ) : null}
            {state.result.nextCursor ? (
              <button type="button" onClick={() => update('cursor', state.result.nextCursor ?? undefined, true)}>
                Próxima página
              </button>
            ) : null}
          </nav>
        </>
      ) : null}
    </main>
  );
}
