/**
 * Chart.js (tree-shaken to the bar, line and doughnut charts used here) on a canvas, inside the
 * admin chunk only. A canvas says nothing to a screen reader, so each chart is a figure whose canvas
 * is an image with a one-line summary, followed by the same figures as a data table (docs/decisions.md
 * "Admin console"). Animations are off: the data is there at once, and reduced motion needs no case.
 */
import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, DoughnutController, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#333';
/** A period of one or two days would otherwise draw bars as wide as the chart. */
Chart.defaults.datasets.bar.maxBarThickness = 56;

/** Distinct at a glance and each at least 3:1 against white. */
export const COLORS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#be123c', '#0e7490', '#4d7c0f', '#a16207'];

export interface ChartTable { head: string[]; rows: string[][] }

/**
 * `onDrawn(id, config)` is called once the chart has been painted on its canvas with `config` (Chart.js' `afterRender`,
 * synchronous here since animations are off), or at once for an empty one: the dashboard's
 * "charts drawn" signal (`data-charts-drawn`, read by the reports benchmark).
 */
export function ChartFigure({ id, title, summary, config, table, onDrawn }: {
  id: string; title: string; summary: string; config: ChartConfiguration; table: ChartTable; onDrawn?: (id: string, config: ChartConfiguration) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const empty = table.rows.length === 0;
  useEffect(() => {
    if (empty) {
      onDrawn?.(id, config);
      return undefined;
    }
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, { ...config, plugins: [...(config.plugins ?? []), { id: 'drawn', afterRender: () => onDrawn?.(id, config) }] });
    return () => chart.destroy();
  }, [config, empty, id, onDrawn]);
  const titleId = `chart-${id}-title`;
  return (
    <figure className="chart" data-testid={`chart-${id}`} data-rows={table.rows.length} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {empty ? (
        <p className="chart-empty">Nada no período escolhido.</p>
      ) : (
        <div className="chart-canvas">
          <canvas ref={canvas} role="img" aria-label={summary} />
        </div>
      )}
      <details>
        <summary>Ver os dados de “{title}”</summary>
        <table>
          <thead><tr>{table.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>{table.rows.map((row) => <tr key={row.join('|')}>{row.map((cell, i) => <td key={table.head[i]}>{cell}</td>)}</tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}
