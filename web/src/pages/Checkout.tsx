/**
 * Checkout: pick a delivery address from the address book (or add one), pick the delivery option when
 * the carrier offers more than one (the API prices the chosen one: GET /cart?shippingService=), see the
 * totals, place the order (POST /orders with the chosen service and an Idempotency-Key, so a double
 * click or a retried request places one order) and go to its payment page.
 */
import { useCallback, useEffect, useState } from 'react';
import { type Address, api, type Cart, errorOf } from '../api/client';
import { AddressForm, AddressText } from '../components/AddressForm';
import { formatDeliveryDay, formatPrice } from '../format';
import { messageFor } from '../messages';
import { Link, navigate } from '../router';
import { CartSummary, DeliveryPromise } from './Cart';

export function CheckoutPage() {
  const [addresses, setAddresses] = useState<Address[] | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const [service, setService] = useState<string | undefined>();
  const [cart, setCart] = useState<Cart | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const loadAddresses = useCallback(async (select?: string) => {
    const { data } = await api.GET('/me/addresses').catch(() => ({ data: undefined }));
    const items = data?.items ?? [];
    setAddresses(items);
    setChosen((current) => select ?? current ?? items[0]?.id);
  }, []);
  useEffect(() => void loadAddresses(), [loadAddresses]);

  // The totals with the chosen address's shipping and delivery option; a slower answer for an earlier choice is dropped.
  const cep = addresses?.find((a) => a.id === chosen)?.cep;
  const loaded = addresses !== undefined;
  useEffect(() => {
    if (!loaded) return undefined;
    let current = true;
    const query = cep ? { cep: String(cep), ...(service ? { shippingService: service } : {}) } : {};
    void api.GET('/cart', { params: { query } }).then(({ data }) => current && setCart(data), () => undefined);
    return () => {
      current = false;
    };
  }, [cep, service, loaded]);

  // The service the totals were priced with (the carrier's cheapest until the shopper picks another; null from the CEP table).
  const pricedService = cart?.shipping?.serviceId ?? undefined;
  const place = async () => {
    if (!chosen) return;
    setBusy(true);
    const body = { addressId: chosen, ...(pricedService ? { shippingService: pricedService } : {}) };
    const { data, error: failure } = await api.POST('/orders', { body, headers: { 'idempotency-key': idempotencyKey } })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) navigate(`/pedidos/${encodeURIComponent(data.id)}/pagamento`, { replace: true });
    else setError(messageFor(errorOf(failure)));
  };

  if (!addresses || !cart) return <main><p aria-live="polite">Carregando…</p></main>;
  if (cart.items.length === 0) return <main><h1>Finalizar compra</h1><p>Seu carrinho está vazio. <Link to="/busca">Ver produtos</Link></p></main>;
  return (
    <main className="checkout-page">
      <h1>Finalizar compra</h1>
      <div className="cart-layout">
        <section aria-labelledby="delivery-title" className="panel">
          <h2 id="delivery-title">Endereço de entrega</h2>
          {addresses.length ? (
            <fieldset className="address-choice">
              <legend className="visually-hidden">Escolha o endereço</legend>
              {addresses.map((address) => (
                <label key={address.id} className={chosen === address.id ? 'address-option selected' : 'address-option'}>
                  <input type="radio" name="address" value={address.id} checked={chosen === address.id} onChange={() => setChosen(address.id)} />
                  <span><AddressText address={address} /></span>
                </label>
              ))}
            </fieldset>
          ) : <p>Cadastre um endereço para receber o pedido.</p>}
          <details open={addresses.length === 0}>
            <summary>Usar outro endereço</summary>
            <AddressForm idPrefix="checkout-address" onSaved={(address) => void loadAddresses(address.id)} />
          </details>
          {cart.shipping && cart.shipping.options.length > 1 ? (
            <fieldset className="address-choice shipping-choice">
              <legend><h2>Entrega</h2></legend>
              {cart.shipping.options.map((option) => {
                const id = option.serviceId ?? '';
                const selected = id === pricedService;
                return (
                  <label key={id} className={selected ? 'address-option selected' : 'address-option'}>
                    <input type="radio" name="shipping" value={id} checked={selected} onChange={() => setService(id)} />
                    <span>
                      <strong>{option.service}</strong> — {option.priceCents === 0 ? 'Grátis' : formatPrice(option.priceCents)}
                      <br />Receba até {formatDeliveryDay(option.estimatedDeliveryDate)} ({option.minDays} a {option.maxDays} dias úteis)
                    </span>
                  </label>
                );
              })}
            </fieldset>
          ) : null}
        </section>
        <aside className="panel cart-side" aria-label="Resumo do pedido">
          <h2>Resumo</h2>
          <ul className="checkout-items">
            {cart.items.map((item) => <li key={item.itemId}>{item.quantity} × {item.name}</li>)}
          </ul>
          {cart.shipping ? <DeliveryPromise shipping={cart.shipping} /> : null}
          <CartSummary cart={cart} />
          {error ? <p role="alert" className="form-error">{error}</p> : null}
          <button type="button" className="block" disabled={!chosen || busy} onClick={() => void place()}>Confirmar pedido</button>
          <Link to="/carrinho">Voltar ao carrinho</Link>
        </aside>
      </div>
    </main>
  );
}
