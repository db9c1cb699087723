/**
 * Catalog basics: active products by search (the public listing), low stock, a new product with its
 * variants; one product's photos (./ProductImages.tsx), variants with stock adjustments, archive and delete.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Category } from '../api/client';
import { formatPrice } from '../format';
import { Link, navigate, useLocation } from '../router';
import { type LowStock, type Product, type ProductInput, type ProductList, refusal } from './api';
import { ProductImages, productBody } from './ProductImages';

export function ProductsPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [list, setList] = useState<ProductList | undefined>();
  const [low, setLow] = useState<LowStock | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    setError(undefined);
    api.GET('/products', { params: { query: { q: q || undefined, sort: q ? 'relevance' : 'newest', limit: 30 } } })
      .then(({ data, error: failure }) => (data ? setList(data) : setError(refusal(failure))), () => setError(refusal(undefined)));
  }, [q]);
  useEffect(() => {
    api.GET('/admin/inventory/low-stock', {}).then(({ data }) => setLow(data), () => undefined);
  }, []);

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    navigate(value ? `/admin/produtos?q=${encodeURIComponent(value)}` : '/admin/produtos');
  };

  return (
    <main className="admin-main">
      <h1>Produtos</h1>
      <div className="toolbar">
        <search>
        <form onSubmit={search} className="filters" key={q}>
          <label htmlFor="products-q">Buscar<input id="products-q" name="q" type="search" defaultValue={q} /></label>
          <button type="submit">Buscar</button>
        </form>
        </search>
        <Link to="/admin/produtos/novo" className="button-link">Novo produto</Link>
      </div>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {list ? (
        <table className="data-table" data-testid="products-table">
          <caption className="visually-hidden">Produtos ativos</caption>
          <thead><tr><th scope="col">Produto</th><th scope="col">A partir de</th><th scope="col">Estoque</th></tr></thead>
          <tbody>
            {list.items.map((product) => (
              <tr key={product.id}>
                <td><Link to={`/admin/produtos/${encodeURIComponent(product.id)}`}>{product.name}</Link></td>
                <td>{formatPrice(product.priceCents)}</td>
                <td>{product.inStock ? 'Em estoque' : 'Esgotado'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : error ? null : <p role="status">Carregando produtos…</p>}
      {low && low.items.length > 0 ? (
        <section aria-labelledby="low-title">
          <h2 id="low-title">Estoque baixo</h2>
          <ul className="low-stock">
            {low.items.map((item) => (
              <li key={item.sku}><Link to={`/admin/produtos/${encodeURIComponent(item.productId)}`}>{item.name}</Link> — {item.sku}: {item.stock} un.</li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}

/** "cor=azul; tamanho=M" ⇄ {cor: 'azul', tamanho: 'M'}. */
function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of text.split(';')) {
    const [key, ...value] = pair.split('=');
    if (key?.trim() && value.join('=').trim()) attributes[key.trim()] = value.join('=').trim();
  }
  return attributes;
}
const attributesText = (attributes: Record<string, string>) => Object.entries(attributes).map(([k, v]) => `${k}=${v}`).join('; ');
const cents = (reais: string) => Math.round(Number(reais.replace(/\./g, '').replace(',', '.')) * 100);

interface VariantRow { key: number; sku: string; attributes: string; price: string; stock: string }

export function NewProductPage() {
  const [categories, setCategories] = useState<Category[]>([]);
  const [rows, setRows] = useState<VariantRow[]>([{ key: 0, sku: '', attributes: '', price: '', stock: '0' }]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.GET('/categories', {}).then(({ data }) => setCategories(data?.items ?? []), () => undefined);
  }, []);
  const change = (key: number, field: keyof Omit<VariantRow, 'key'>, value: string) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, [field]: value } : row)));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: ProductInput = {
      name: String(form.get('name')), description: String(form.get('description') ?? ''), categoryIds: [String(form.get('category'))],
      brand: String(form.get('brand') ?? '').trim() || undefined,
      variants: rows.map((row) => ({ sku: row.sku.trim(), attributes: parseAttributes(row.attributes), priceCents: cents(row.price), stock: Number(row.stock) })),
    };
    const { data, error: failure } = await api.POST('/products', { body }).catch(() => ({ data: undefined, error: undefined }));
    if (data) navigate(`/admin/produtos/${encodeURIComponent(data.id)}`);
    else setError(refusal(failure));
  };

  return (
    <main className="admin-main">
      <p><Link to="/admin/produtos">← Produtos</Link></p>
      <h1>Novo produto</h1>
      <form className="stack-form wide" onSubmit={submit}>
        <label htmlFor="product-name">Nome<input id="product-name" name="name" required maxLength={200} /></label>
        <label htmlFor="product-brand">Marca<input id="product-brand" name="brand" maxLength={80} /></label>
        <label htmlFor="product-category">Categoria
          <select id="product-category" name="category" required>
            {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label htmlFor="product-description">Descrição<textarea id="product-description" name="description" rows={4} /></label>
        <fieldset>
          <legend>Variações</legend>
          {rows.map((row, i) => (
            <div className="variant-row" key={row.key}>
              <label htmlFor={`v-sku-${row.key}`}>SKU<input id={`v-sku-${row.key}`} value={row.sku} onChange={(e) => change(row.key, 'sku', e.target.value)} required /></label>
              <label htmlFor={`v-attr-${row.key}`}>Atributos (cor=azul; tamanho=M)<input id={`v-attr-${row.key}`} value={row.attributes} onChange={(e) => change(row.key, 'attributes', e.target.value)} /></label>
              <label htmlFor={`v-price-${row.key}`}>Preço (R$)<input id={`v-price-${row.key}`} inputMode="decimal" value={row.price} onChange={(e) => change(row.key, 'price', e.target.value)} required pattern="\d+([.,]\d{1,2})?" /></label>
              <label htmlFor={`v-stock-${row.key}`}>Estoque<input id={`v-stock-${row.key}`} type="number" min={0} value={row.stock} onChange={(e) => change(row.key, 'stock', e.target.value)} required /></label>
              {rows.length > 1 ? <button type="button" className="secondary" onClick={() => setRows(rows.filter((r) => r.key !== row.key))}>Remover variação {i + 1}</button> : null}
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setRows([...rows, { key: Math.max(...rows.map((r) => r.key)) + 1, sku: '', attributes: '', price: '', stock: '0' }])}>Adicionar variação</button>
        </fieldset>
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        <button type="submit">Criar produto</button>
      </form>
    </main>
  );
}

export function ProductAdminPage({ id }: { id: string }) {
  const [product, setProduct] = useState<Product | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const reload = useCallback(async () => {
    const { data, error: failure } = await api.GET('/products/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined, error: undefined }));
    if (data) setProduct(data);
    else setError(refusal(failure));
  }, [id]);
  useEffect(() => { void reload(); }, [reload]);

  const report = (done: string, failure: unknown, ok: boolean) => {
    setError(ok ? undefined : refusal(failure));
    setNotice(ok ? done : undefined);
  };
  /** The answer's stock is shown as is: a product read right after may still be the API's cached copy. */
  const adjust = async (event: FormEvent<HTMLFormElement>, sku: string) => {
    event.preventDefault();
    const form = event.currentTarget;
    const delta = Number(new FormData(form).get('delta'));
    const { data, error: failure } = await api.PUT('/products/{id}/variants/{sku}/stock', { params: { path: { id, sku } }, body: { delta } })
      .catch(() => ({ data: undefined, error: undefined }));
    report(`Estoque de ${sku} agora é ${data?.stock}.`, failure, data !== undefined);
    if (!data) return;
    form.reset();
    setProduct((shown) => shown && { ...shown, variants: shown.variants.map((v) => (v.sku === data.sku ? { ...v, available: data.stock } : v)) });
  };
  const setStatus = async (status: 'active' | 'archived') => {
    if (!product) return;
    const { data, error: failure } = await api.PUT('/products/{id}', { params: { path: { id } }, body: productBody(product, { status }) })
      .catch(() => ({ data: undefined, error: undefined }));
    report(status === 'archived' ? 'Produto arquivado: saiu da loja, o histórico fica.' : 'Produto de volta à loja.', failure, data !== undefined);
    if (data) setProduct({ ...data, imageSet: product.imageSet });
  };
  const remove = async () => {
    if (!window.confirm('Excluir este produto de vez? Só é possível sem vendas e sem estoque.')) return;
    const { response, error: failure } = await api.DELETE('/products/{id}', { params: { path: { id } } }).catch(() => ({ response: undefined, error: undefined }));
    if (response?.ok) navigate('/admin/produtos');
    else report('', failure, false);
  };

  if (!product) return <main className="admin-main">{error ? <p role="alert" className="form-error">{error}</p> : <p role="status">Carregando o produto…</p>}</main>;
  return (
    <main className="admin-main">
      <p><Link to="/admin/produtos">← Produtos</Link></p>
      <h1>{product.name}</h1>
      <p>{product.brand ? `${product.brand} · ` : ''}{product.status === 'active' ? 'Ativo na loja' : 'Arquivado'} · <Link to={`/produto/${encodeURIComponent(product.id)}`}>ver na loja</Link></p>
      <fieldset className="actions">
        <legend className="visually-hidden">Ações do produto</legend>
        {product.status === 'active'
          ? <button type="button" className="secondary" onClick={() => setStatus('archived')}>Arquivar</button>
          : <button type="button" className="secondary" onClick={() => setStatus('active')}>Reativar</button>}
        <button type="button" className="danger" onClick={remove}>Excluir</button>
      </fieldset>
      {error ? <p role="alert" className="form-error" data-testid="action-error">{error}</p> : null}
      {notice ? <p role="status" className="form-ok">{notice}</p> : null}
      <ProductImages product={product} onChange={setProduct} />
      <h2>Variações e estoque</h2>
      <table className="data-table" data-testid="variants">
        <thead><tr><th scope="col">SKU</th><th scope="col">Atributos</th><th scope="col">Preço</th><th scope="col">Disponível</th><th scope="col">Ajustar estoque</th></tr></thead>
        <tbody>
          {product.variants.map((variant) => (
            <tr key={variant.sku}>
              <td>{variant.sku}</td>
              <td>{attributesText(variant.attributes) || '—'}</td>
              <td>{formatPrice(variant.priceCents)}</td>
              <td data-testid={`available-${variant.sku}`}>{variant.available}</td>
              <td>
                <form className="inline-form" onSubmit={(event) => adjust(event, variant.sku)}>
                  <label htmlFor={`delta-${variant.sku}`} className="visually-hidden">Somar ou tirar unidades de {variant.sku}</label>
                  <input id={`delta-${variant.sku}`} name="delta" type="number" step={1} required placeholder="+10 ou -2" />
                  <button type="submit">Aplicar</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
