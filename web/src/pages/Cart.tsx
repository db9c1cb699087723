/**
 * Cart: quantities, coupon and the shipping quote for a CEP (GET /cart?cep=). Prices and totals
 * are always the API's; the page only shows them.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Cart, errorOf } from '../api/client';
import { formatCep, formatDeliveryDay, formatPrice } from '../format';
import { messageFor } from '../messages';
import { Link, navigate, useLocation } from '../router';

export function CartSummary({ cart }: { cart: Cart }) {
  return (
    <dl className="summary" data-testid="summary">
      <dt>Subtotal</dt><dd>{formatPrice(cart.subtotalCents)}</dd>
      {cart.discountCents > 0 ? (<><dt>Desconto{cart.coupon ? ` (${cart.coupon.code})` : ''}</dt><dd data-testid="discount">− {formatPrice(cart.discountCents)}</dd></>) : null}
      <dt>Frete</dt>
      <dd data-testid="shipping">
        {cart.shipping ? (cart.shipping.freeShipping ? 'Grátis' : formatPrice(cart.shipping.priceCents)) : 'Informe o CEP'}
      </dd>
      <dt className="total">Total</dt><dd className="total" data-testid="total">{formatPrice(cart.totalCents)}</dd>
      {cart.taxes ? (
        <>
          <dt className="taxes">Valor aproximado dos tributos</dt>
          <dd className="taxes" data-testid="taxes">{formatPrice(cart.taxes.totalCents)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The quote's promise: "Receba até quinta-feira, 31/12", with the service and its business days. */
export function DeliveryPromise({ shipping }: { shipping: NonNullable<Cart['shipping']> }) {
  return (
    <p data-testid="shipping-quote">
      <strong>Receba até {formatDeliveryDay(shipping.estimatedDeliveryDate)}</strong>{' '}
      — {shipping.service}, {shipping.minDays} a {shipping.maxDays} dias úteis ({shipping.uf})
    </p>
  );
}

export function CartPage() {
  const { query } = useLocation();
  const cep = query.get('cep') ?? '';
  const [cart, setCart] = useState<Cart | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    const { data, error: failure } = await api.GET('/cart', { params: { query: cep ? { cep } : {} } }).catch(() => ({ data: undefined, error: undefined }));
    if (data) setCart(data);
    setError(data ? undefined : messageFor(errorOf(failure)));
  }, [cep]);
  useEffect(() => void load(), [load]);

  /**
   * A call that answers the whole cart, then GET /cart again: only it carries the shipping quote for
   * the CEP and the approximate taxes (the answers of cart changes skip those reads).
   */
  const change = async (call: Promise<{ data?: Cart; error?: unknown }>) => {
    const { data, error: failure } = await call.catch(() => ({ data: undefined, error: undefined }));
    if (!data) return setError(messageFor(errorOf(failure)));
    setError(undefined);
    await load();
  };

  const quote = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('cep') ?? '').replace(/\D/g, '');
    navigate(value ? `/carrinho?cep=${value}` : '/carrinho', { replace: true });
  };
  const applyCoupon = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (code) void change(api.POST('/cart/coupon', { body: { code } }));
  };

  if (!cart) return <main>{error ? <p role="alert">{error}</p> : <p aria-live="polite">Carregando…</p>}</main>;
  return (
    <main className="cart-page">
      <h1>Carrinho</h1>
      {cart.items.length === 0 ? (
        <p>Seu carrinho está vazio. <Link to="/busca">Ver produtos</Link></p>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" data-testid="cart-lines">
            {cart.items.map((item) => (
              <li key={item.itemId} className="cart-line">
                <div>
                  <Link to={`/produto/${encodeURIComponent(item.productId)}`} className="line-name">{item.name}</Link>
                  <p className="line-attrs">{Object.values(item.attributes).join(' · ')}</p>
                  <p>{formatPrice(item.unitPriceCents)} cada</p>
                </div>
                <label className="qty" htmlFor={`qty-${item.itemId}`}>
                  Quantidade
                  <select id={`qty-${item.itemId}`} value={item.quantity}
                    onChange={(e) => void change(api.PUT('/cart/{itemId}', { params: { path: { itemId: item.itemId } }, body: { quantity: Number(e.target.value) } }))}>
                    {Array.from({ length: Math.max(item.quantity, Math.min(10, item.available)) }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
                  </select>
                </label>
                <strong className="line-total">{formatPrice(item.lineTotalCents)}</strong>
                <button type="button" className="secondary" aria-label={`Remover ${item.name}`}
                  onClick={() => void change(api.DELETE('/cart/{itemId}', { params: { path: { itemId: item.itemId } } }))}>Remover</button>
              </li>
            ))}
          </ul>
          <aside className="panel cart-side" aria-label="Resumo do pedido">
            <form className="inline-form" onSubmit={quote}>
              <label htmlFor="cart-cep">Calcular frete (CEP)</label>
              <input id="cart-cep" name="cep" inputMode="numeric" autoComplete="postal-code" defaultValue={formatCep(cep)} key={cep} placeholder="00000-000" />
              <button type="submit">Calcular</button>
            </form>
            {cart.shipping ? <DeliveryPromise shipping={cart.shipping} /> : null}
            {cart.coupon?.applied ? (
              <p className="form-ok" data-testid="coupon">
                Cupom <strong>{cart.coupon.code}</strong> aplicado.{' '}
                <button type="button" className="link-button" onClick={() => void change(api.DELETE('/cart/coupon'))}>Remover cupom</button>
              </p>
            ) : (
              <form className="inline-form" onSubmit={applyCoupon}>
                <label htmlFor="cart-coupon">Cupom de desconto</label>
                <input id="cart-coupon" name="code" autoComplete="off" />
                <button type="submit">Aplicar</button>
              </form>
            )}
            {cart.coupon && !cart.coupon.applied ? <p className="form-error">{messageFor({ code: `COUPON_${cart.coupon.reason}`, message: '' })}</p> : null}
            <CartSummary cart={cart} />
            <Link className="button block" to="/checkout">Finalizar compra</Link>
          </aside>
        </div>
      )}
      {error ? <p role="alert" className="form-error">{error}</p> : null}
    </main>
  );
}
