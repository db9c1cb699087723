/**
 * The Black Friday banner: the current window's units left, or the countdown to the next one.
 * Polls GET /flash-sales/current (the WebSocket feed can replace the polling when it exists)
 * and ticks the countdown every second from the server's timestamps. While a window is open, the
 * shopper claims here (POST /flash-sales/current/claims) and reads the outcome: won (pay now),
 * sold out (next window at HH:00), already claimed, not open, or rate limited.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, type FlashSale, session } from '../api/client';
import { useSignedIn } from '../auth/hooks';
import { formatCountdown, formatPrice } from '../format';
import { type ClaimOutcome, claimOutcome } from '../messages';
import { Link, navigate, useLocation } from '../router';

function ClaimButton({ open, onClaimed }: { open: boolean; onClaimed: () => void }) {
  const signedIn = useSignedIn();
  const { path } = useLocation();
  const [outcome, setOutcome] = useState<ClaimOutcome | undefined>();
  const [busy, setBusy] = useState(false);

  const claim = async () => {
    if (!session.signedIn) return navigate(`/entrar?next=${encodeURIComponent(path)}`);
    setBusy(true);
    const { data, error, response } = await api.POST('/flash-sales/current/claims', { body: {}, headers: { 'idempotency-key': crypto.randomUUID() } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setBusy(false);
    setOutcome(claimOutcome(response?.status, data ?? error));
    onClaimed();
  };

  return (
    <div className="claim">
      {!open || outcome?.kind === 'won' ? null : (
        <button type="button" onClick={() => void claim()} disabled={busy}>
          {signedIn ? 'Quero o meu' : 'Entre para garantir o seu'}
        </button>
      )}
      <div aria-live="polite" data-testid="claim-outcome" data-kind={outcome?.kind ?? ''}>
        {outcome ? (
          <p className={outcome.kind === 'won' ? 'claim-won' : 'claim-lost'}>
            {outcome.message}{' '}
            {outcome.kind === 'won' ? <Link className="button" to={`/pedidos/${encodeURIComponent(outcome.orderId)}/pagamento`}>Pagar agora</Link> : null}
            {outcome.kind === 'already-claimed' ? <Link to="/pedidos">Meus pedidos</Link> : null}
            {outcome.kind === 'needs-address' ? <Link to="/conta">Cadastrar endereço</Link> : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}

const REFRESH_MS = 5_000;
const SERVER_CACHE_MS = 1_100;

export function FlashSaleBanner() {
  const [sale, setSale] = useState<FlashSale | null | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  /**
   * `fresh` skips the browser's copy of the answer (cacheable for a second). The API's own copy
   * (per-container caches, eventually consistent reads) may also be a second old, so after a claim
   * the banner asks now and again just past that second.
   */
  const load = useCallback(async (fresh = false) => {
    const { data, response } = await api.GET('/flash-sales/current', fresh ? { cache: 'no-cache' } : {}).catch(() => ({ data: undefined, response: undefined }));
    if (data) setSale(data);
    else if (response?.status === 404) setSale(null);
  }, []);

  useEffect(() => {
    void load();
    const poll = window.setInterval(() => void load(), REFRESH_MS);
    const tick = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      window.clearInterval(poll);
      window.clearInterval(tick);
    };
  }, [load]);

  // While the sale loads, an empty banner holds its place, so the page below does not jump when it arrives (CLS).
  if (sale === undefined) return <div className="flash-banner flash-loading" aria-hidden="true" />;
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
      <ClaimButton open={Boolean(open)} onClaimed={() => {
        void load(true);
        window.setTimeout(() => void load(true), SERVER_CACHE_MS);
      }} />
      <Link className="flash-link" to={`/produto/${encodeURIComponent(sale.productId)}`}>
        Ver o produto
      </Link>
    </section>
  );
}
