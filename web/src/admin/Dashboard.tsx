/**
 * The sales manager's dashboard: KPI tiles against the previous period of as many days, and charts
 * (revenue and orders per day, top products, sales by state, Pix vs card, flash-sale windows) from
 * /admin/reports/*, for the period in the URL (`de`, `ate`: São Paulo days); the CSV download is the
 * sales report by day of the same period.
 */
import type { ChartConfiguration } from 'chart.js';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice } from '../format';
import { navigate, useLocation } from '../router';
import { LiveOrders } from './LiveOrders';
import { type FlashReport, type Kpis, refusal, type SalesReport, saveFile } from './api';
import { COLORS, ChartFigure } from './charts';
import { changeText, lastDays, type Period, periodOf } from './period';

interface Reports { kpis: Kpis; byDay: SalesReport; byState: SalesReport; byMethod: SalesReport; flash: FlashReport }

const integer = new Intl.NumberFormat('pt-BR');
const percent = new Intl.NumberFormat('pt-BR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const METHOD_TEXT: Record<string, string> = { pix: 'Pix', card: 'Cartão' };

async function loadReports(period: Period): Promise<Reports> {
  const sales = (groupBy: 'day' | 'state' | 'paymentMethod') => api.GET('/admin/reports/sales', { params: { query: { ...period, groupBy } } });
  const [kpis, byDay, byState, byMethod, flash] = await Promise.all([
    api.GET('/admin/reports/kpis', { params: { query: period } }), sales('day'), sales('state'), sales('paymentMethod'),
    api.GET('/admin/reports/flash-sales', { params: { query: { limit: 12 } } }),
  ]);
  for (const answer of [kpis, byDay, byState, byMethod, flash]) if (answer.error || !answer.data) throw new Error(refusal(answer.error));
  return { kpis: kpis.data!, byDay: byDay.data!, byState: byState.data!, byMethod: byMethod.data!, flash: flash.data! };
}

export function DashboardPage() {
  const { query } = useLocation();
  const period = periodOf(query, new Date());
  const [reports, setReports] = useState<Reports | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [csvError, setCsvError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    setError(undefined);
    loadReports({ from: period.from, to: period.to })
      .then((loaded) => { if (current) setReports(loaded); })
      .catch((failure: Error) => { if (current) setError(failure.message); });
    return () => { current = false; };
  }, [period.from, period.to]);

  const choose = (next: Period) => navigate(`/admin?de=${next.from}&ate=${next.to}`);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    choose({ from: String(form.get('de')), to: String(form.get('ate')) });
  };
  const downloadCsv = async () => {
    setCsvError(undefined);
    const { data, error: failure } = await api.GET('/admin/reports/sales', { params: { query: { ...period, groupBy: 'day', format: 'csv' } }, parseAs: 'text' })
      .catch(() => ({ data: undefined, error: undefined }));
    if (data === undefined) setCsvError(refusal(failure));
    else saveFile(`vendas-${period.from}-a-${period.to}.csv`, data, 'text/csv;charset=utf-8');
  };

  return (
    <main className="admin-main" aria-busy={!reports && !error}>
      <h1>Painel de vendas</h1>
      <form className="period-picker" onSubmit={submit} key={`${period.from}:${period.to}`} aria-label="Período">
        {[7, 30, 90].map((days) => (
          <button key={days} type="button" className="secondary" onClick={() => choose(lastDays(days, new Date()))}>Últimos {days} dias</button>
        ))}
        <label htmlFor="period-from">De<input id="period-from" name="de" type="date" defaultValue={period.from} required /></label>
        <label htmlFor="period-to">Até<input id="period-to" name="ate" type="date" defaultValue={period.to} required /></label>
        <button type="submit">Aplicar</button>
        <button type="button" className="secondary" onClick={downloadCsv}>Baixar CSV</button>
      </form>
      {csvError ? <p role="alert" className="form-error">{csvError}</p> : null}
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {reports ? <Reports reports={reports} /> : error ? null : <p role="status">Carregando os relatórios…</p>}
      <LiveOrders />
    </main>
  );
}

function Reports({ reports }: { reports: Reports }) {
  const { kpis } = reports;
  const charts = useMemo(() => chartsOf(reports), [reports]);
  // Every chart painted (or empty) with the data shown now: `data-charts-drawn` on the charts, the dashboard's ready
  // signal. Each chart is remembered with the config it drew, so a new period waits for its own drawings.
  const [drawn, setDrawn] = useState<ReadonlyMap<string, ChartConfiguration>>(new Map());
  const onDrawn = useCallback((id: string, config: ChartConfiguration) => setDrawn((done) => (done.get(id) === config ? done : new Map(done).set(id, config))), []);
  return (
    <>
      <p className="period-note">
        {shortDay(kpis.from)} a {shortDay(kpis.to)} comparado com {shortDay(kpis.previousFrom)} a {shortDay(kpis.previousTo)}
      </p>
      <ul className="kpis" data-testid="kpis">
        <Tile label="Receita" figure={kpis.revenueCents} format={formatPrice} />
        <Tile label="Pedidos pagos" figure={kpis.orders} format={(n) => integer.format(n)} />
        <Tile label="Ticket médio" figure={kpis.averageOrderCents} format={formatPrice} />
        <Tile label="Conversão paga" figure={kpis.paidConversion} format={(n) => percent.format(n)} />
        <Tile label="Taxa de reembolso" figure={kpis.refundRate} format={(n) => percent.format(n)} />
        <Tile label="Novos clientes" figure={kpis.newCustomers} format={(n) => integer.format(n)} />
      </ul>
      <div className="charts" data-charts-drawn={charts.every((chart) => drawn.get(chart.id) === chart.config) ? 'true' : undefined}>
        {charts.map((chart) => <ChartFigure key={chart.id} {...chart} onDrawn={onDrawn} />)}
      </div>
    </>
  );
}

type Figure = Kpis['revenueCents'];

function Tile({ label, figure, format }: { label: string; figure: Figure; format: (n: number) => string }) {
  const change = changeText(figure.change);
  return (
    <li className="kpi">
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{figure.current === null ? '—' : format(figure.current)}</strong>
      <span className="kpi-change">
        {change ? `${change} vs. período anterior` : 'sem base no período anterior'}
        {figure.previous === null ? null : ` (antes: ${format(figure.previous)})`}
      </span>
    </li>
  );
}

function chartsOf({ kpis, byDay, byState, byMethod, flash }: Reports) {
  const money = (cents: number) => formatPrice(cents);
  const days = byDay.rows;
  const revenueAndOrders: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: days.map((row) => shortDay(row.key)),
      datasets: [
        { type: 'bar', label: 'Receita (R$)', data: days.map((row) => row.revenueCents / 100), backgroundColor: COLORS[0], yAxisID: 'revenue', order: 2 },
        { type: 'line', label: 'Pedidos pagos', data: days.map((row) => row.orders), borderColor: COLORS[1], backgroundColor: COLORS[1], yAxisID: 'orders', order: 1 },
      ],
    },
    options: {
      scales: {
        revenue: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'Receita (R$)' } },
        orders: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: 'Pedidos' } },
      },
    },
  };
  const top = kpis.topProducts.current;
  const topProducts: ChartConfiguration = {
    type: 'bar',
    data: { labels: top.map((p) => p.name), datasets: [{ label: 'Receita (R$)', data: top.map((p) => p.revenueCents / 100), backgroundColor: COLORS[2] }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  };
  const states = [...byState.rows].sort((a, b) => b.revenueCents - a.revenueCents);
  const byStateChart: ChartConfiguration = {
    type: 'bar',
    data: { labels: states.map((row) => row.key), datasets: [{ label: 'Receita (R$)', data: states.map((row) => row.revenueCents / 100), backgroundColor: COLORS[3] }] },
    options: { plugins: { legend: { display: false } } },
  };
  const methods = byMethod.rows;
  const pixVsCard: ChartConfiguration = {
    type: 'doughnut',
    data: { labels: methods.map((row) => METHOD_TEXT[row.key] ?? row.label), datasets: [{ label: 'Pedidos pagos', data: methods.map((row) => row.orders), backgroundColor: [COLORS[2], COLORS[0]] }] },
    options: { plugins: { legend: { position: 'bottom' } } },
  };
  const windows = flash.items
    .flatMap((sale) => sale.windows.map((w) => ({ ...w, name: sale.name })))
    .sort((a, b) => b.windowStart.localeCompare(a.windowStart))
    .slice(0, 12)
    .reverse();
  const reserved = (w: (typeof windows)[number]) => Math.max(0, w.claimed - w.paid - w.expired);
  const flashWindows: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: windows.map((w) => formatDateTime(w.windowStart)),
      datasets: [
        { label: 'Pagas', data: windows.map((w) => w.paid), backgroundColor: COLORS[2] },
        { label: 'Reservadas, aguardando pagamento', data: windows.map(reserved), backgroundColor: COLORS[7] },
        { label: 'Expiradas', data: windows.map((w) => w.expired), backgroundColor: COLORS[4] },
        { label: 'Restantes', data: windows.map((w) => w.remaining), backgroundColor: '#94a3b8' },
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  };
  const soldOut = (seconds: number | null) => (seconds === null ? 'não esgotou' : `${integer.format(seconds)} s`);

  return [
    {
      id: 'revenue', title: 'Receita e pedidos por dia', config: revenueAndOrders,
      summary: `Receita de ${money(byDay.totals.revenueCents)} em ${byDay.totals.orders} pedidos pagos, dia a dia de ${shortDay(byDay.from)} a ${shortDay(byDay.to)}.`,
      table: { head: ['Dia', 'Receita', 'Pedidos pagos', 'Unidades'], rows: days.map((row) => [shortDay(row.key), money(row.revenueCents), String(row.orders), String(row.units)]) },
    },
    {
      id: 'top-products', title: 'Produtos mais vendidos', config: topProducts,
      summary: top.length ? `Os ${top.length} produtos de maior receita; primeiro ${top[0]!.name} com ${money(top[0]!.revenueCents)}.` : 'Sem vendas.',
      table: { head: ['Produto', 'Receita', 'Unidades'], rows: top.map((p) => [p.name, money(p.revenueCents), String(p.units)]) },
    },
    {
      id: 'states', title: 'Vendas por estado', config: byStateChart,
      summary: states.length ? `Receita por UF de entrega; maior: ${states[0]!.key} com ${money(states[0]!.revenueCents)}.` : 'Sem vendas.',
      table: { head: ['UF', 'Receita', 'Pedidos pagos'], rows: states.map((row) => [row.key, money(row.revenueCents), String(row.orders)]) },
    },
    {
      id: 'methods', title: 'Pix x cartão', config: pixVsCard,
      summary: methods.map((row) => `${METHOD_TEXT[row.key] ?? row.label}: ${row.orders} pedidos`).join('; ') || 'Sem vendas.',
      table: { head: ['Forma de pagamento', 'Pedidos pagos', 'Receita'], rows: methods.map((row) => [METHOD_TEXT[row.key] ?? row.label, String(row.orders), money(row.revenueCents)]) },
    },
    {
      id: 'flash', title: 'Janelas da venda relâmpago', config: flashWindows,
      summary: `Unidades pagas, reservadas, expiradas e restantes nas ${windows.length} janelas mais recentes.`,
      table: {
        head: ['Janela', 'Oferta', 'Pagas', 'Reservadas', 'Expiradas', 'Restantes', 'Esgotou em'],
        rows: windows.map((w) => [formatDateTime(w.windowStart), w.name, String(w.paid), String(reserved(w)), String(w.expired), String(w.remaining), soldOut(w.secondsToSellOut)]),
      },
    },
  ];
}
