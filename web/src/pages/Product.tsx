/** Product page: photos from their renditions, variant choice by attribute (voltagem, cor…), price and stock of the chosen SKU, delivery date for a CEP, add to cart. */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api, type DeliveryQuote, errorOf, type Product, session } from '../api/client';
import { ProductImage } from '../components/ProductImage';
import { formatCep, formatDeliveryDay, formatPrice } from '../format';
import { messageFor } from '../messages';
import { Link, navigate } from '../router';

function AddToCart({ productId, sku, available }: { productId: string; sku: string; available: number }) {
  const [quantity, setQuantity] = useState(1);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | undefined>();

  const add = async () => {
    if (!session.signedIn) return navigate(`/entrar?next=${encodeURIComponent(`/produto/${productId}`)}`);
    const { data, error } = await api.POST('/cart', { body: { sku, quantity } }).catch(() => ({ data: undefined, error: undefined }));
    setNotice(data ? { text: 'Adicionado ao carrinho.', error: false } : { text: messageFor(errorOf(error)), error: true });
  };
  if (available <= 0) return null;
  return (
    <div className="add-to-cart">
      <label htmlFor="add-quantity">
        Quantidade
        <select id="add-quantity" value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
          {Array.from({ length: Math.min(10, available) }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <button type="button" onClick={() => void add()}>Adicionar ao carrinho</button>
      <p aria-live="polite" className={notice?.error ? 'form-error' : 'form-ok'} data-testid="add-notice">
        {notice?.text} {notice && !notice.error ? <Link to="/carrinho">Ver carrinho</Link> : null}
      </p>
    </div>
  );
}

/** The delivery promise for a CEP before anything is in the cart (GET /shipping/quote). */
function DeliveryEstimate({ sku }: { sku: string }) {
  const [cep, setCep] = useState('');
  const [quote, setQuote] = useState<DeliveryQuote | undefined>();
  const [error, setError] = useState<string | undefined>();

  // Asked again when the variant changes (its weight and price change the quote).
  useEffect(() => {
    if (!cep) return;
    let active = true;
    api.GET('/shipping/quote', { params: { query: { cep, sku } } }).then(
      ({ data, error: failure }) => {
        if (!active) return;
        setQuote(data);
        setError(data ? undefined : messageFor(errorOf(failure)));
      },
      () => active && setError(messageFor(undefined)),
    );
    return () => {
      active = false;
    };
  }, [cep, sku]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCep(String(new FormData(event.currentTarget).get('cep') ?? '').replace(/\D/g, ''));
  };
  return (
    <section className="delivery-estimate" aria-labelledby="delivery-title">
      <form className="inline-form" onSubmit={submit}>
        <label id="delivery-title" htmlFor="product-cep">Prazo de entrega (CEP)</label>
        <input id="product-cep" name="cep" inputMode="numeric" autoComplete="postal-code" placeholder="00000-000" defaultValue={formatCep(cep)} />
        <button type="submit" className="secondary">Calcular</button>
      </form>
      {quote ? (
        <ul className="delivery-options" data-testid="delivery-estimate" aria-live="polite">
          {quote.options.map((option) => (
            <li key={option.serviceId ?? option.service}>
              <strong>Receba até {formatDeliveryDay(option.estimatedDeliveryDate)}</strong>{' '}
              <span>— {option.service}, {option.priceCents === 0 ? 'frete grátis' : formatPrice(option.priceCents)} ({quote.uf})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <p role="alert" className="form-error">{error}</p> : null}
    </section>
  );
}

type State = { status: 'loading' } | { status: 'missing' } | { status: 'error' } | { status: 'done'; product: Product };

function stockText(available: number): string {
  if (available <= 0) return 'Esgotado';
  if (available < 10) return `Últimas ${available} unidades`;
  return 'Em estoque';
}

/** The product column's width: the page's two columns (1120 px main), or the whole screen under 700 px. */
const MEDIA_SIZES = '(max-width: 700px) calc(100vw - 2rem), 540px';

/** The chosen photo large, the others as thumbnails that choose it. */
function Gallery({ product }: { product: Product }) {
  const [shown, setShown] = useState(0);
  const sets = new Map(product.imageSet.map((s) => [s.original, s]));
  const url = product.images[shown] ?? product.images[0];
  if (!url) return <div className="card-placeholder large" aria-hidden="true" />;
  return (
    <>
      <ProductImage url={url} set={sets.get(url)} alt={product.name} sizes={MEDIA_SIZES} />
      {product.images.length > 1 ? (
        <ul className="thumbnails" aria-label="Fotos do produto">
          {product.images.map((image, i) => (
            <li key={image}>
              <button type="button" aria-label={`Foto ${i + 1} de ${product.images.length}`} aria-pressed={i === shown} onClick={() => setShown(i)}>
                <ProductImage url={image} set={sets.get(image)} alt="" sizes="64px" fallbackWidth={160} lazy />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function ProductPage({ id }: { id: string }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [sku, setSku] = useState<string | undefined>();

  useEffect(() => {
    let active = true;
    setState({ status: 'loading' });
    api.GET('/products/{id}', { params: { path: { id } } }).then(
      ({ data, response }) => {
        if (!active) return;
        if (data) {
          setState({ status: 'done', product: data });
          setSku((data.variants.find((v) => v.available > 0) ?? data.variants[0])?.sku);
        } else setState({ status: response.status === 404 ? 'missing' : 'error' });
      },
      () => active && setState({ status: 'error' }),
    );
    return () => {
      active = false;
    };
  }, [id]);

  const product = state.status === 'done' ? state.product : undefined;
  const attributeNames = useMemo(() => [...new Set(product?.variants.flatMap((v) => Object.keys(v.attributes)) ?? [])], [product]);

  if (state.status === 'loading') return <main><p aria-live="polite">Carregando…</p></main>;
  if (state.status === 'missing') return <main><h1>Produto não encontrado</h1><Link to="/busca">Ver todos os produtos</Link></main>;
  if (state.status === 'error' || !product) return <main><p role="alert">Não foi possível carregar o produto. Tente de novo.</p></main>;

  const variant = product.variants.find((v) => v.sku === sku) ?? product.variants[0];
  /** Picks the variant that keeps the other chosen attributes and changes this one. */
  const choose = (name: string, value: string) => {
    const wanted = { ...variant?.attributes, [name]: value };
    const match = product.variants.find((v) => Object.entries(wanted).every(([k, val]) => v.attributes[k] === val))
      ?? product.variants.find((v) => v.attributes[name] === value);
    if (match) setSku(match.sku);
  };

  return (
    <main className="product-page">
      <div className="product-media">
        <Gallery key={product.id} product={product} />
      </div>
      <div className="product-info">
        {product.brand ? <p className="card-brand">{product.brand}</p> : null}
        <h1>{product.name}</h1>
        {variant ? (
          <>
            <p className="product-price" data-testid="price">{formatPrice(variant.priceCents)}</p>
            {attributeNames.map((name) => (
              <fieldset key={name} className="variant-choice">
                <legend>{name.charAt(0).toUpperCase() + name.slice(1)}</legend>
                {[...new Set(product.variants.map((v) => v.attributes[name]).filter(Boolean))].map((value) => (
                  <label key={value} className={variant.attributes[name] === value ? 'chip selected' : 'chip'}>
                    <input type="radio" name={name} value={value} checked={variant.attributes[name] === value} onChange={() => choose(name, value)} />
                    {value}
                  </label>
                ))}
              </fieldset>
            ))}
            <p className={variant.available > 0 ? 'stock' : 'stock out'} data-testid="stock">
              {stockText(variant.available)}
            </p>
            <AddToCart key={variant.sku} productId={product.id} sku={variant.sku} available={variant.available} />
            {variant.available > 0 ? <DeliveryEstimate sku={variant.sku} /> : null}
            <p className="sku">Código: {variant.sku}</p>
          </>
        ) : (
          <p>Produto indisponível.</p>
        )}
      </div>
    </main>
  );
}
