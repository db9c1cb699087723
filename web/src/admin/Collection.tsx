/**
 * Catalog collection (docs/collection.md): the sources (create, enable/disable, run now), one
 * source's runs with their counts and errors by cause, and the review queue of collected products
 * (publish into categories, or reject). Runs still going are read again every few seconds.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice } from '../format';
import { Link, navigate, useLocation } from '../router';
import { attempt, type Category, type CollectedItem, type Run, type Source, type SourceInput } from './api';
import { OutcomeLine, useAdminData } from './ui';

export const RUNS_POLL_MS = 3_000;

const RUN_STATUS: Record<Run['status'], string> = {
  RUNNING: 'Em andamento', SUCCEEDED: 'Concluída', PARTIAL: 'Concluída com erros', FAILED: 'Falhou',
};
const CAUSES: Record<string, string> = {
  'robots-disallowed': 'Bloqueada pelo robots.txt', 'ssrf-refused': 'Endereço não permitido', 'not-html': 'Não é uma página HTML',
  'too-large': 'Página grande demais', timeout: 'Tempo esgotado', 'http-error': 'Erro HTTP do site', throttled: 'Site pediu para esperar',
  network: 'Falha de rede', redirects: 'Redirecionamentos demais', 'no-product': 'Nenhum produto na página',
  'invalid-product': 'Produto com dados inválidos', 'worker-lost': 'Coletor interrompido',
};
const causeText = (cause: string) => CAUSES[cause] ?? cause;
const inputOf = (source: Source): SourceInput => ({
  name: source.name, startUrls: source.startUrls, ...(source.sitemapUrl ? { sitemapUrl: source.sitemapUrl } : {}),
  schedule: source.schedule, maxPages: source.maxPages, enabled: source.enabled,
});

function CollectionNav({ current }: { current: 'fontes' | 'revisao' }) {
  return (
    <nav className="sub-nav" aria-label="Coleta">
      <Link to="/admin/coleta" aria-current={current === 'fontes' ? 'page' : undefined}>Fontes</Link>
      <Link to="/admin/coleta/revisao" aria-current={current === 'revisao' ? 'page' : undefined}>Revisão de produtos</Link>
    </nav>
  );
}

export function SourcesPage() {
  const { data, outcome, report } = useAdminData(useCallback(() => api.GET('/admin/collection/sources'), []));
  const sources = data?.items;
  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const sitemapUrl = String(form.get('sitemapUrl') ?? '').trim();
    const body: SourceInput = {
      name: String(form.get('name') ?? '').trim(),
      startUrls: String(form.get('startUrls') ?? '').split(/\s+/).filter(Boolean),
      ...(sitemapUrl ? { sitemapUrl } : {}),
      schedule: String(form.get('schedule') ?? '').trim(),
      maxPages: Number(form.get('maxPages')),
      enabled: form.get('enabled') === 'on',
    };
    if (await report(await attempt(`Fonte "${body.name}" criada.`, api.POST('/admin/collection/sources', { body })))) formElement.reset();
  };
  const toggle = async (source: Source) => {
    const body = { ...inputOf(source), enabled: !source.enabled };
    await report(await attempt(body.enabled ? `Fonte "${source.name}" ativada.` : `Fonte "${source.name}" desativada.`,
      api.PUT('/admin/collection/sources/{id}', { params: { path: { id: source.id } }, body })));
  };
  const runNow = async (source: Source) => {
    if (await report(await attempt(`Execução de "${source.name}" iniciada.`, api.POST('/admin/collection/sources/{id}/runs', { params: { path: { id: source.id } } })))) {
      navigate(`/admin/coleta/fontes/${encodeURIComponent(source.id)}`);
    }
  };

  return (
    <main className="admin-main">
      <h1>Coleta de produtos</h1>
      <CollectionNav current="fontes" />
      <OutcomeLine outcome={outcome} />
      {sources === undefined ? <p role="status">Carregando fontes…</p> : (
        <table className="data-table" data-testid="sources-table">
          <caption className="visually-hidden">Fontes de coleta</caption>
          <thead><tr><th scope="col">Fonte</th><th scope="col">Agenda</th><th scope="col">Páginas</th><th scope="col">Situação</th><th scope="col">Próxima execução</th><th scope="col">Ações</th></tr></thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.id}>
                <td><Link to={`/admin/coleta/fontes/${encodeURIComponent(s.id)}`}>{s.name}</Link><br /><span className="hint">{s.startUrls.length} URL(s) inicial(is){s.sitemapUrl ? ' + sitemap' : ''}</span></td>
                <td><code>{s.schedule}</code></td>
                <td>até {s.maxPages}</td>
                <td>{s.enabled ? 'Ativa' : 'Desativada'}</td>
                <td>{s.enabled && s.nextRunAt ? formatDateTime(s.nextRunAt) : '—'}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => runNow(s)}>Executar agora<span className="visually-hidden"> {s.name}</span></button>
                  <button type="button" className="secondary" onClick={() => toggle(s)}>{s.enabled ? 'Desativar' : 'Ativar'}<span className="visually-hidden"> {s.name}</span></button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-source">
        <h2 id="new-source">Nova fonte</h2>
        <form className="stack-form wide" onSubmit={create}>
          <label htmlFor="source-name">Nome<input id="source-name" name="name" required maxLength={120} /></label>
          <label htmlFor="source-urls">URLs iniciais (uma por linha)<textarea id="source-urls" name="startUrls" rows={3} /></label>
          <label htmlFor="source-sitemap">Sitemap (opcional)<input id="source-sitemap" name="sitemapUrl" type="url" /></label>
          <label htmlFor="source-schedule">Agenda (EventBridge, no mínimo de hora em hora)<input id="source-schedule" name="schedule" defaultValue="rate(1 day)" required /></label>
          <label htmlFor="source-pages">Máximo de páginas por execução<input id="source-pages" name="maxPages" type="number" min={1} max={1000} defaultValue={50} required /></label>
          <label htmlFor="source-enabled" className="checkbox"><input id="source-enabled" name="enabled" type="checkbox" /> Ativa (executa pela agenda)</label>
          <button type="submit">Criar fonte</button>
        </form>
      </section>
    </main>
  );
}

function RunDetails({ run }: { run: Run }) {
  const causes = Object.entries(run.errorsByCause).sort((a, b) => b[1] - a[1]);
  return (
    <article className="run" data-testid="run" aria-labelledby={`run-${run.runId}`}>
      <h3 id={`run-${run.runId}`}>
        {formatDateTime(run.startedAt)} · <span data-testid="run-status">{RUN_STATUS[run.status]}</span>
        <span className="hint"> ({run.trigger === 'admin' ? 'iniciada por um administrador' : 'pela agenda'}{run.finishedAt ? `, terminou ${formatDateTime(run.finishedAt)}` : ''})</span>
      </h3>
      <dl className="run-counts">
        <div><dt>Páginas</dt><dd>{run.pagesFetched} de {run.pagesPlanned}</dd></div>
        <div><dt>Produtos encontrados</dt><dd>{run.productsFound}</dd></div>
        <div><dt>Novos</dt><dd data-testid="run-created">{run.created}</dd></div>
        <div><dt>Atualizados</dt><dd>{run.updated}</dd></div>
        <div><dt>Sem mudança</dt><dd>{run.unchanged}</dd></div>
        <div><dt>Ignorados</dt><dd>{run.skipped}</dd></div>
        <div><dt>Com erro</dt><dd data-testid="run-failed">{run.failed}</dd></div>
      </dl>
      {causes.length ? (
        <table className="data-table" data-testid="run-causes">
          <caption>Erros por causa</caption>
          <thead><tr><th scope="col">Causa</th><th scope="col">Páginas</th></tr></thead>
          <tbody>{causes.map(([cause, count]) => <tr key={cause}><td>{causeText(cause)}</td><td>{count}</td></tr>)}</tbody>
        </table>
      ) : null}
      {run.errors.length ? (
        <details>
          <summary>Primeiros erros ({run.errors.length})</summary>
          <ul className="run-errors">{run.errors.map((e) => <li key={e.url + e.reason}><code>{e.url}</code>: {e.reason}</li>)}</ul>
        </details>
      ) : null}
    </article>
  );
}

export function SourceRunsPage({ id }: { id: string }) {
  const { data, outcome, report, reload } = useAdminData(useCallback(async () => {
    const [sources, list] = await Promise.all([
      api.GET('/admin/collection/sources'),
      api.GET('/admin/collection/sources/{id}/runs', { params: { path: { id } } }),
    ]);
    return { data: list.data && { source: sources.data?.items.find((s) => s.id === id), runs: list.data.items }, error: list.error };
  }, [id]));
  const source = data?.source;
  const runs = data?.runs;
  const running = runs?.some((r) => r.status === 'RUNNING') ?? false;
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => void reload(), RUNS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [running, reload]);

  const runNow = async () => report(await attempt('Execução iniciada.', api.POST('/admin/collection/sources/{id}/runs', { params: { path: { id } } })));

  return (
    <main className="admin-main">
      <h1>Execuções de {source?.name ?? 'fonte'}</h1>
      <CollectionNav current="fontes" />
      <OutcomeLine outcome={outcome} />
      {source ? <p className="hint">{source.startUrls.join(' · ')}{source.sitemapUrl ? ` · sitemap ${source.sitemapUrl}` : ''}</p> : null}
      <button type="button" onClick={runNow} disabled={running}>Executar agora</button>
      {running ? <p role="status">Execução em andamento; a página se atualiza sozinha.</p> : null}
      {runs === undefined ? null : runs.length === 0 ? <p>Nenhuma execução ainda.</p> : runs.map((run) => <RunDetails key={run.runId} run={run} />)}
    </main>
  );
}

const STATUS_CHOICES: [CollectedItem['status'], string][] = [['pending', 'Aguardando revisão'], ['published', 'Publicados'], ['rejected', 'Rejeitados']];

export function ReviewPage() {
  const { query } = useLocation();
  const status = STATUS_CHOICES.find(([s]) => s === query.get('situacao'))?.[0] ?? 'pending';
  const { data, outcome, report } = useAdminData(useCallback(() => api.GET('/admin/collection/items', { params: { query: { status } } }), [status]));
  const items = data?.items;
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => { void api.GET('/categories', { cache: 'no-cache' }).then(({ data }) => setCategories(data?.items ?? []), () => undefined); }, []);

  const publish = async (event: FormEvent<HTMLFormElement>, item: CollectedItem) => {
    event.preventDefault();
    const categoryIds = new FormData(event.currentTarget).getAll('categoryIds').map(String);
    await report(await attempt(`"${item.name}" publicado no catálogo.`, api.POST('/admin/collection/items/{id}/publish', { params: { path: { id: item.id } }, body: { categoryIds } })));
  };
  const reject = async (item: CollectedItem) =>
    report(await attempt(`"${item.name}" rejeitado.`, api.POST('/admin/collection/items/{id}/reject', { params: { path: { id: item.id } } })));
  const sortedCategories = [...categories].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <main className="admin-main">
      <h1>Revisão de produtos coletados</h1>
      <CollectionNav current="revisao" />
      <div className="filters">
        <label htmlFor="review-status">Situação
          <select id="review-status" value={status} onChange={(e) => navigate(`/admin/coleta/revisao?situacao=${e.target.value}`)}>
            {STATUS_CHOICES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
      </div>
      <OutcomeLine outcome={outcome} />
      {items === undefined ? <p role="status">Carregando produtos…</p> : items.length === 0 ? <p>Nenhum produto nesta situação.</p> : null}
      <ul className="review-list" data-testid="review-list">
        {items?.map((item) => (
          <li key={item.id} className="panel" data-testid="review-item">
            <h2>{item.name}</h2>
            <p className="hint">
              {item.brand ? `${item.brand} · ` : ''}{item.variants.length} variante(s) a partir de {formatPrice(Math.min(...item.variants.map((v) => v.priceCents)))}
              {' · '}extraído por {item.method} de <a href={item.sourceUrl} rel="noreferrer noopener" target="_blank">{new URL(item.sourceUrl).host}</a>
              {item.productId ? ' · já no catálogo' : ''}
            </p>
            {item.previous ? <p className="form-error">Mudou na origem desde a publicação: revise preços e disponibilidade.</p> : null}
            {item.status !== 'rejected' ? (
              <form className="review-actions" onSubmit={(e) => publish(e, item)} aria-label={`Publicar ${item.name}`}>
                <label htmlFor={`cats-${item.id}`}>Categorias{item.categoryHints.length ? ` (sugestão do site: ${item.categoryHints.join(' › ')})` : ''}
                  <select id={`cats-${item.id}`} name="categoryIds" multiple required size={Math.min(5, Math.max(2, sortedCategories.length))}>
                    {sortedCategories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                  </select>
                </label>
                <span className="row-actions">
                  <button type="submit">Publicar</button>
                  {item.status === 'pending' ? <button type="button" className="secondary" onClick={() => reject(item)}>Rejeitar</button> : null}
                </span>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </main>
  );
}
