/**
 * The Black Friday banner: the current window's units left, or the countdown to the next one.
 * Polls GET /flash-sales/current (the WebSocket feed can replace the polling when it exists)
 * and ticks the countdown every second from the server's timestamps.
 */
import { useEffect, useState } from 'react';
import { api, type FlashSale } from '../api/client';
import { formatCountdown, formatPrice } from '../format';
import { Link } from '../router';

const REFRESH_MS = 5_000;

export function FlashSaleBanner() {
  const [sale, setSale] = useState<FlashSale | null | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let active = true;
    const load = async () => {
      const { data, response } = await api.GET('/flash-sales/current').catch(() => ({ data: undefined, response: undefined }));
      if (!active) return;
      if (data) setSale(data);
      else if (response?.status === 404) setSale(null);
    };
    void load();
    const poll = window.setInterval(load, REFRESH_MS);
    const tick = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      active = false;
      window.clearInterval(poll);
      window.clearInterval(tick);
    };
  }, []);

  if (!sale) return null;
  const open = sale.status === 'OPEN' && sale.window;
  const nextAt = sale.nextWindowAt ? Date.parse(sale.nextWindowAt) : undefined;
  return (
    <section className="flash-banner" aria-labelledby="flash-title">
      <p className="flash-tag">Black Friday</p>
      <h2 id="flash-title">
        {sale.name} por <strong>{formatPrice(sale.priceCents)}</strong>
      </h2>
      {open ? (
        <p className="flash-status" data-testid="flash-status">
          <strong data-testid="flash-units">{sale.remainingUnits}</strong> de {sale.unitsPerWindow} unidades restantes — termina em{' '}
          <span className="countdown">{formatCountdown(Date.parse(sale.window!.endsAt) - now)}</span>
        </p>
      ) : (
        <p className="flash-status" data-testid="flash-status">
          {sale.status === 'SOLD_OUT' ? 'Esgotado nesta rodada. ' : ''}
          {nextAt !== undefined ? (
            <>
              Próxima rodada às {new Date(nextAt).toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit' })}, em{' '}
              <span className="countdown">{formatCountdown(nextAt - now)}</span>
            </>
          ) : (
            'A promoção terminou.'
          )}
        </p>
      )}
      <Link className="button" to={`/produto/${encodeURIComponent(sale.productId)}`}>
        Ver oferta
      </Link>
    </section>
  );
}
