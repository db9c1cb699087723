/**
 * Delete the account (DELETE /me), behind two guards: the shopper ticks that they understand and types
 * their e-mail. The API refuses while an order is open (409 OPEN_ORDERS), which the page explains.
 * On success every token is forgotten and the shopper lands on a page that says it is done.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorOf, session } from '../api/client';
import { messageFor } from '../messages';
import { Link, navigate } from '../router';

export function DeleteAccountPage() {
  const [email, setEmail] = useState<string | undefined>();
  const [typed, setTyped] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<{ text: string; openOrders: boolean } | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.GET('/me').then(({ data }) => setEmail(data?.email), () => undefined);
  }, []);
  const matches = email !== undefined && typed.trim().toLowerCase() === email.toLowerCase();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!matches || !understood) return;
    setBusy(true);
    const { response, error: failure } = await api.DELETE('/me').catch(() => ({ response: undefined, error: undefined }));
    setBusy(false);
    if (response?.ok) {
      navigate('/conta-excluida', { replace: true });
      session.clear();
      return;
    }
    const apiError = errorOf(failure);
    setError({ text: messageFor(apiError), openOrders: apiError?.code === 'OPEN_ORDERS' });
  };

  return (
    <main className="narrow-wide">
      <h1>Excluir conta</h1>
      <section className="panel" aria-labelledby="delete-what">
        <h2 id="delete-what">O que acontece</h2>
        <ul>
          <li>Seus dados pessoais, endereços e preferências são apagados e você não consegue mais entrar.</li>
          <li>Pedidos já concluídos ficam guardados sem seus dados pessoais, como exige a lei fiscal.</li>
          <li>Não é possível excluir a conta com pedidos em aberto (aguardando pagamento, pagos ou a caminho).</li>
        </ul>
      </section>
      <form className="stack-form panel" onSubmit={submit}>
        <label htmlFor="delete-understood" className="checkbox">
          <input id="delete-understood" type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          Entendo que a exclusão é definitiva
        </label>
        <label htmlFor="delete-email">Para confirmar, digite seu e-mail{email ? ` (${email})` : ''}
          <input id="delete-email" type="email" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} required />
        </label>
        {error ? (
          <p role="alert" className="form-error" data-testid="delete-error">
            {error.text} {error.openOrders ? <Link to="/pedidos">Ver meus pedidos</Link> : null}
          </p>
        ) : null}
        <button type="submit" className="danger" disabled={busy || !matches || !understood}>Excluir minha conta</button>
      </form>
      <p><Link to="/conta">Voltar para minha conta</Link></p>
    </main>
  );
}

export function AccountDeletedPage() {
  return (
    <main className="narrow">
      <h1>Conta excluída</h1>
      <p role="status">Sua conta foi excluída. Obrigado por ter comprado com a gente.</p>
      <Link to="/">Voltar para a loja</Link>
    </main>
  );
}
