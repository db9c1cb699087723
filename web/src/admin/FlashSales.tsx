/**
 * Flash-sale stats (GET /admin/reports/flash-sales): for each sale, its recent windows with units
 * claimed, paid, expired, still reserved and remaining, and how many seconds the window took to sell
 * out. The number of windows (hours) lives in the URL (`?janelas=`).
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice } from '../format';
import { navigate, useLocation } from '../router';
import { type FlashReport, refusal } from './api';

type Window = FlashReport['items'][number]['windows'][number];
const CHOICES = ['24', '72', '168'];
const integer = new Intl.NumberFormat('pt-BR');
const reserved = (w: Window) => Math.max(0, w.claimed - w.paid - w.expired);

/** "3 min 20 s" (or "45 s") to sell out; "não esgotou" when units were left. */
export function sellOutText(seconds: number | null): string {
  if (seconds === null) return 'não esgotou';
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${Math.round(seconds % 60)} s` : `${integer.format(Math.round(seconds))} s`;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function FlashSalesPage() {
  const { query } = useLocation();
  const limit = CHOICES.includes(query.get('janelas') ?? '') ? query.get('janelas')! : '24';
  const [report, setReport] = useState<FlashReport | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    setReport(undefined);
    void api.GET('/admin/reports/flash-sales', { params: { query: { limit: Number(limit) } } }).then(
      ({ data, error: failure }) => (data ? setReport(data) : setError(refusal(failure))),
      () => setError(refusal(undefined)),
    );
  }, [limit]);

  return (
    <main className="admin-main">
      <h1>Venda relâmpago</h1>
      <div className="filters">
        <label htmlFor="flash-windows">Janelas mostradas
          <select id="flash-windows" value={limit} onChange={(e) => navigate(`/admin/ofertas?janelas=${e.target.value}`)}>
            <option value="24">Últimas 24 horas</option>
            <option value="72">Últimos 3 dias</option>
            <option value="168">Últimos 7 dias</option>
          </select>
        </label>
      </div>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {report === undefined ? (error ? null : <p role="status">Carregando janelas…</p>) : null}
      {report?.items.length === 0 ? <p>Nenhuma venda relâmpago no período.</p> : null}
      {report?.items.map((sale) => {
        const windows = [...sale.windows].sort((a, b) => b.windowStart.localeCompare(a.windowStart));
        const units = windows.reduce((sum, w) => sum + w.units, 0);
        const paid = windows.reduce((sum, w) => sum + w.paid, 0);
        const soldOut = windows.filter((w) => w.secondsToSellOut !== null);
        const typical = median(soldOut.map((w) => w.secondsToSellOut!));
        return (
          <section key={sale.saleId} className="flash-sale" aria-labelledby={`sale-${sale.saleId}`} data-testid="flash-sale">
            <h2 id={`sale-${sale.saleId}`}>{sale.name} <span className="hint">{sale.sku} · {formatPrice(sale.priceCents)}</span></h2>
            <ul className="kpis">
              <li className="kpi"><span className="kpi-label">Janelas</span><span className="kpi-value">{windows.length}</span></li>
              <li className="kpi"><span className="kpi-label">Unidades pagas</span><span className="kpi-value">{integer.format(paid)} de {integer.format(units)}</span></li>
              <li className="kpi"><span className="kpi-label">Esgotaram</span><span className="kpi-value">{soldOut.length} de {windows.length}</span></li>
              <li className="kpi"><span className="kpi-label">Tempo típico para esgotar</span><span className="kpi-value">{typical === null ? '—' : sellOutText(typical)}</span></li>
            </ul>
            <table className="data-table" data-testid="flash-windows">
              <caption className="visually-hidden">Janelas de {sale.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Janela</th><th scope="col">Unidades</th><th scope="col">Reservadas</th><th scope="col">Pagas</th>
                  <th scope="col">Expiradas</th><th scope="col">Aguardando pagamento</th><th scope="col">Restantes</th><th scope="col">Esgotou em</th>
                </tr>
              </thead>
              <tbody>
                {windows.map((w) => (
                  <tr key={w.windowStart}>
                    <td>{formatDateTime(w.windowStart)} a {formatDateTime(w.windowEnd).slice(-5)}</td>
                    <td>{w.units}</td><td>{w.claimed}</td><td>{w.paid}</td><td>{w.expired}</td><td>{reserved(w)}</td><td>{w.remaining}</td>
                    <td>{sellOutText(w.secondsToSellOut)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </main>
  );
}
