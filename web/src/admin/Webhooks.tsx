/**
 * Integrator webhooks (docs/webhooks.md): the endpoints with their state (active, failing since,
 * disabled after 24 h of failures), a new endpoint whose signing secret is shown once, delete; one
 * endpoint's deliveries with attempts and last answer, and "send again" for any of them.
 */
import { type FormEvent, useCallback, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime } from '../format';
import { Link, navigate } from '../router';
import { attempt, type Delivery, refusal, type WebhookEndpoint, type WebhookInput } from './api';
import { OutcomeLine, useAdminData } from './ui';

type EventName = WebhookInput['events'][number];
/** Every event an integrator may subscribe to, with its pt-BR description (the route's enum, checked by the compiler). */
const EVENTS: Record<EventName, string> = {
  'order.created': 'Pedido criado', 'order.paid': 'Pedido pago', 'order.shipped': 'Pedido enviado',
  'order.out_for_delivery': 'Saiu para entrega', 'order.delivered': 'Pedido entregue', 'order.cancelled': 'Pedido cancelado',
  'order.expired': 'Pedido expirado', 'payment.created': 'Pagamento criado', 'payment.failed': 'Pagamento recusado',
  'payment.refunded': 'Pagamento estornado',
};
const DELIVERY_STATUS: Record<Delivery['status'], string> = { PENDING: 'Tentando', DELIVERED: 'Entregue', FAILED: 'Falhou' };

function endpointState(e: WebhookEndpoint): string {
  if (e.status === 'DISABLED') return `Desativado em ${e.disabledAt ? formatDateTime(e.disabledAt) : '—'}`;
  return e.failingSince ? `Ativo, falhando desde ${formatDateTime(e.failingSince)}` : 'Ativo';
}

export function WebhooksPage() {
  const { data, outcome, report } = useAdminData(useCallback(() => api.GET('/admin/webhooks'), []));
  const endpoints = data?.items;
  const [secret, setSecret] = useState<string | undefined>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const description = String(form.get('description') ?? '').trim();
    const body: WebhookInput = {
      url: String(form.get('url') ?? '').trim(),
      events: form.getAll('events').map(String).filter((name): name is EventName => name in EVENTS),
      ...(description ? { description } : {}),
    };
    const answer = await api.POST('/admin/webhooks', { body }).catch(() => undefined);
    setSecret(answer?.data?.secret);
    if (await report(answer?.data ? { ok: true, text: `Endpoint ${body.url} cadastrado.` } : { ok: false, text: refusal(answer?.error) })) formElement.reset();
  };
  const remove = async (e: WebhookEndpoint) => {
    if (!window.confirm(`Excluir o endpoint ${e.url}?`)) return;
    await report(await attempt(`Endpoint ${e.url} excluído.`, api.DELETE('/admin/webhooks/{id}', { params: { path: { id: e.id } } })));
  };

  return (
    <main className="admin-main">
      <h1>Integrações: webhooks</h1>
      <OutcomeLine outcome={outcome} />
      {secret ? (
        <div className="panel secret" role="status" data-testid="webhook-secret">
          <p><strong>Segredo de assinatura</strong> (mostrado só agora; guarde-o no integrador):</p>
          <code>{secret}</code>
        </div>
      ) : null}
      {endpoints === undefined ? <p role="status">Carregando endpoints…</p> : endpoints.length === 0 ? <p>Nenhum endpoint cadastrado.</p> : (
        <table className="data-table" data-testid="webhooks-table">
          <caption className="visually-hidden">Endpoints de webhook</caption>
          <thead><tr><th scope="col">URL</th><th scope="col">Eventos</th><th scope="col">Situação</th><th scope="col">Criado em</th><th scope="col">Ações</th></tr></thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.id}>
                <td><Link to={`/admin/integracoes/${encodeURIComponent(e.id)}`}>{e.url}</Link>{e.description ? <><br /><span className="hint">{e.description}</span></> : null}</td>
                <td>{e.events.map((name) => EVENTS[name as EventName] ?? name).join(', ')}</td>
                <td data-testid="webhook-state">{endpointState(e)}</td>
                <td>{formatDateTime(e.createdAt)}</td>
                <td className="row-actions">
                  <button type="button" className="secondary" onClick={() => navigate(`/admin/integracoes/${encodeURIComponent(e.id)}`)}>Entregas<span className="visually-hidden"> de {e.url}</span></button>
                  <button type="button" className="danger" onClick={() => remove(e)}>Excluir<span className="visually-hidden"> {e.url}</span></button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-webhook">
        <h2 id="new-webhook">Novo endpoint</h2>
        <form className="stack-form wide" onSubmit={create}>
          <label htmlFor="webhook-url">URL (https)<input id="webhook-url" name="url" type="url" required maxLength={2048} /></label>
          <label htmlFor="webhook-description">Descrição (opcional)<input id="webhook-description" name="description" maxLength={500} /></label>
          <fieldset className="event-choice">
            <legend>Eventos</legend>
            {Object.entries(EVENTS).map(([name, label]) => (
              <label key={name} htmlFor={`event-${name}`} className="checkbox"><input id={`event-${name}`} type="checkbox" name="events" value={name} /> {label} <code>{name}</code></label>
            ))}
          </fieldset>
          <button type="submit">Cadastrar endpoint</button>
        </form>
      </section>
    </main>
  );
}

export function WebhookDeliveriesPage({ id }: { id: string }) {
  const { data, outcome, report, reload } = useAdminData(useCallback(async () => {
    const [list, page] = await Promise.all([
      api.GET('/admin/webhooks'),
      api.GET('/admin/webhooks/{id}/deliveries', { params: { path: { id } } }),
    ]);
    return { data: page.data && { endpoint: list.data?.items.find((e) => e.id === id), deliveries: page.data.items }, error: page.error };
  }, [id]));
  const endpoint = data?.endpoint;
  const deliveries = data?.deliveries;

  const enable = async () => report(await attempt('Endpoint reativado: ele volta a receber os próximos eventos.',
    api.POST('/admin/webhooks/{id}/enable', { params: { path: { id } } })));
  const retry = async (d: Delivery) => report(await attempt(`Entrega ${d.type} agendada para agora.`,
    api.POST('/admin/webhooks/{id}/deliveries/{deliveryId}/retry', { params: { path: { id, deliveryId: d.id } } })));

  return (
    <main className="admin-main">
      <h1>Entregas do webhook</h1>
      <p><Link to="/admin/integracoes">Voltar aos endpoints</Link></p>
      {endpoint ? <p><strong>{endpoint.url}</strong> · {endpointState(endpoint)}</p> : null}
      {endpoint?.status === 'DISABLED' ? (
        <div className="panel">
          <p className="hint">Um endpoint desativado não recebe novas entregas. Depois de corrigir o receptor do integrador, reative-o; as entregas que falharam podem ser enviadas de novo uma a uma.</p>
          <button type="button" onClick={() => void enable()}>Reativar endpoint</button>
        </div>
      ) : null}
      <OutcomeLine outcome={outcome} />
      <button type="button" className="secondary" onClick={() => void reload()}>Atualizar</button>
      {deliveries === undefined ? null : deliveries.length === 0 ? <p>Nenhuma entrega ainda.</p> : (
        <table className="data-table" data-testid="deliveries-table">
          <caption className="visually-hidden">Entregas</caption>
          <thead><tr><th scope="col">Evento</th><th scope="col">Criada em</th><th scope="col">Situação</th><th scope="col">Tentativas</th><th scope="col">Última resposta</th><th scope="col">Próxima tentativa</th><th scope="col">Ações</th></tr></thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td><code>{d.type}</code></td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td data-testid="delivery-status">{DELIVERY_STATUS[d.status]}{d.deliveredAt ? ` em ${formatDateTime(d.deliveredAt)}` : ''}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''}{d.lastError ? ` ${d.lastError}` : ''}</td>
                <td>{d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—'}</td>
                <td>{d.status !== 'DELIVERED' ? <button type="button" onClick={() => retry(d)}>Enviar de novo<span className="visually-hidden"> {d.type}</span></button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
