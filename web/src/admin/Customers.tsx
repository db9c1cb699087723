/**
 * Customers and administrators: search customers by e-mail, name or CPF (GET /admin/customers, the
 * query in the URL) with their order count and lifetime value, and grant one the admin role; one
 * customer's page with the profile and their orders (GET /admin/orders?customerId=); the
 * administrators with revoke (the API refuses revoking yourself, and says so) and the audit of every
 * grant and revocation.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice } from '../format';
import { Link, navigate, useLocation } from '../router';
import { type Admin, type AdminChange, attempt, type CustomerProfile, type CustomerSummary, type Outcome, refusal } from './api';
import { OrderList } from './Orders';
import { OutcomeLine } from './ui';

function PeopleNav({ current }: { current: 'clientes' | 'administradores' }) {
  return (
    <nav className="sub-nav" aria-label="Pessoas">
      <Link to="/admin/clientes" aria-current={current === 'clientes' ? 'page' : undefined}>Clientes</Link>
      <Link to="/admin/administradores" aria-current={current === 'administradores' ? 'page' : undefined}>Administradores</Link>
    </nav>
  );
}

export function CustomersPage() {
  const { query } = useLocation();
  const q = query.get('q')?.trim() ?? '';
  const [found, setFound] = useState<{ items: CustomerSummary[]; nextCursor: string | null } | undefined>();
  const [admins, setAdmins] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const search = useCallback(async (cursor?: string) => {
    if (!q) return setFound(undefined);
    const { data, error } = await api.GET('/admin/customers', { params: { query: { q, limit: 20, cursor } } })
      .catch(() => ({ data: undefined, error: undefined }));
    if (!data) return setOutcome({ ok: false, text: refusal(error) });
    setFound((shown) => ({ items: cursor ? [...(shown?.items ?? []), ...data.items] : data.items, nextCursor: data.nextCursor }));
  }, [q]);
  const loadAdmins = useCallback(async () => {
    const { data } = await api.GET('/admin/admins').catch(() => ({ data: undefined }));
    setAdmins(new Set(data?.items.map((a) => a.userId)));
  }, []);
  useEffect(() => { setOutcome(undefined); void search(); }, [search]);
  useEffect(() => { void loadAdmins(); }, [loadAdmins]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    navigate(value ? `/admin/clientes?q=${encodeURIComponent(value)}` : '/admin/clientes');
  };
  const grant = async (c: CustomerSummary) => {
    if (!window.confirm(`Tornar ${c.name} (${c.email}) administrador?`)) return;
    const result = await attempt(`${c.name} agora é administrador (vale a partir do próximo login).`,
      api.POST('/admin/admins/{userId}', { params: { path: { userId: c.userId } } }));
    setOutcome(result);
    if (result.ok) await loadAdmins();
  };

  return (
    <main className="admin-main">
      <h1>Clientes</h1>
      <PeopleNav current="clientes" />
      <search>
        <form className="filters" onSubmit={submit} key={q}>
          <label htmlFor="customers-q">E-mail, nome ou CPF<input id="customers-q" name="q" type="search" defaultValue={q} maxLength={100} /></label>
          <button type="submit">Buscar</button>
        </form>
      </search>
      <OutcomeLine outcome={outcome} />
      {!q ? <p className="hint">Busque pelo e-mail, pelo nome (acentos são ignorados) ou pelo início do CPF.</p> : null}
      {found && found.items.length === 0 ? <p>Nenhum cliente encontrado para “{q}”.</p> : null}
      {found?.items.length ? (
        <table className="data-table" data-testid="customers-table">
          <caption className="visually-hidden">Clientes encontrados</caption>
          <thead><tr><th scope="col">Nome</th><th scope="col">E-mail</th><th scope="col">CPF</th><th scope="col">Cliente desde</th><th scope="col">Pedidos (pagos)</th><th scope="col">Valor gasto</th><th scope="col">Papel</th></tr></thead>
          <tbody>
            {found.items.map((c) => (
              <tr key={c.userId}>
                <td><Link to={`/admin/clientes/${encodeURIComponent(c.userId)}`}>{c.name}</Link></td><td>{c.email}</td><td>{c.cpf ?? '—'}</td><td>{formatDateTime(c.createdAt)}</td>
                <td>{c.orderCount} ({c.paidOrders})</td><td>{formatPrice(c.lifetimeValueCents)}</td>
                <td>{admins.has(c.userId) ? 'Administrador' : <button type="button" className="secondary" onClick={() => grant(c)}>Tornar administrador<span className="visually-hidden"> {c.name}</span></button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {found?.nextCursor ? <button type="button" className="secondary" onClick={() => void search(found.nextCursor!)}>Mais clientes</button> : null}
    </main>
  );
}

/** One customer: the profile, then their orders, newest first, each linking to the order's page. */
export function CustomerPage({ id }: { id: string }) {
  const [profile, setProfile] = useState<CustomerProfile | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void api.GET('/admin/customers/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined, error: undefined }))
      .then(({ data, error: failure }) => (data ? setProfile(data) : setError(refusal(failure))));
  }, [id]);

  return (
    <main className="admin-main">
      <h1>{profile ? profile.name : 'Cliente'}</h1>
      <PeopleNav current="clientes" />
      <p><Link to="/admin/clientes">Voltar à busca de clientes</Link></p>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      {profile ? (
        <dl className="facts" data-testid="customer-profile">
          <div><dt>E-mail</dt><dd>{profile.email}</dd></div>
          <div><dt>Telefone</dt><dd>{profile.phone ?? '—'}</dd></div>
          <div><dt>CPF</dt><dd>{profile.cpf ?? '—'}</dd></div>
          <div><dt>Cliente desde</dt><dd>{formatDateTime(profile.createdAt)}</dd></div>
          <div><dt>Papel</dt><dd>{profile.roles.includes('admin') ? 'Administrador' : 'Cliente'}</dd></div>
        </dl>
      ) : null}
      <section aria-labelledby="customer-orders">
        <h2 id="customer-orders">Pedidos</h2>
        <OrderList customerId={id} />
      </section>
    </main>
  );
}

export function AdminsPage() {
  const [admins, setAdmins] = useState<Admin[] | undefined>();
  const [changes, setChanges] = useState<{ items: AdminChange[]; nextCursor: string | null } | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const reload = useCallback(async () => {
    const [list, audit] = await Promise.all([api.GET('/admin/admins'), api.GET('/admin/admin-changes', { params: { query: { limit: 20 } } })])
      .catch(() => [undefined, undefined] as const);
    if (list?.data) setAdmins(list.data.items);
    else setOutcome({ ok: false, text: refusal(list?.error) });
    if (audit?.data) setChanges(audit.data);
  }, []);
  useEffect(() => { void reload(); }, [reload]);
  const more = async (cursor: string) => {
    const { data } = await api.GET('/admin/admin-changes', { params: { query: { limit: 20, cursor } } }).catch(() => ({ data: undefined }));
    if (data) setChanges((shown) => ({ items: [...(shown?.items ?? []), ...data.items], nextCursor: data.nextCursor }));
  };

  const revoke = async (a: Admin) => {
    const who = a.email ?? a.userId;
    if (!window.confirm(`Retirar o papel de administrador de ${who}? As sessões dessa pessoa terminam na hora.`)) return;
    const result = await attempt(`${who} não é mais administrador.`, api.DELETE('/admin/admins/{userId}', { params: { path: { userId: a.userId } } }));
    setOutcome(result);
    await reload();
  };
  const names = new Map(admins?.map((a) => [a.userId, a.email ?? a.userId]));
  const person = (userId: string) => (userId === 'identity-provider' ? 'grupo do Cognito' : names.get(userId) ?? userId);

  return (
    <main className="admin-main">
      <h1>Administradores</h1>
      <PeopleNav current="administradores" />
      <OutcomeLine outcome={outcome} />
      {admins === undefined ? <p role="status">Carregando…</p> : (
        <table className="data-table" data-testid="admins-table">
          <caption className="visually-hidden">Administradores</caption>
          <thead><tr><th scope="col">E-mail</th><th scope="col">Nome</th><th scope="col">Desde</th><th scope="col">Concedido por</th><th scope="col">Ações</th></tr></thead>
          <tbody>
            {admins.map((a) => (
              <tr key={a.userId}>
                <td>{a.email ?? a.userId}</td><td>{a.name ?? '—'}</td><td>{formatDateTime(a.grantedAt)}</td><td>{person(a.grantedBy)}</td>
                <td><button type="button" className="danger" onClick={() => revoke(a)}>Retirar papel<span className="visually-hidden"> de {a.email ?? a.userId}</span></button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">Histórico de mudanças</h2>
        {changes?.items.length === 0 ? <p>Nenhuma mudança registrada.</p> : null}
        {changes?.items.length ? (
          <table className="data-table" data-testid="admin-changes">
            <caption className="visually-hidden">Concessões e retiradas do papel de administrador</caption>
            <thead><tr><th scope="col">Quando</th><th scope="col">Mudança</th><th scope="col">Pessoa</th><th scope="col">Feita por</th></tr></thead>
            <tbody>
              {changes.items.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.at)}</td><td>{c.action === 'grant' ? 'Concedeu' : 'Retirou'}</td><td>{person(c.userId)}</td><td>{person(c.actorId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {changes?.nextCursor ? <button type="button" className="secondary" onClick={() => void more(changes.nextCursor!)}>Mais mudanças</button> : null}
      </section>
    </main>
  );
}
