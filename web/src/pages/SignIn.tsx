/** Sign in (POST /login): the tokens go to the in-memory session, then back to where the shopper was. */
import { type FormEvent, useState } from 'react';
import { api, errorOf, session } from '../api/client';
import { messageFor } from '../messages';
import { Link, navigate, useLocation } from '../router';

/** Only app paths are followed after sign-in, never another site. */
export function nextPath(query: URLSearchParams): string {
  const next = query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { query } = useLocation();
  const [error, setError] = useState<{ text: string; unconfirmed: boolean } | undefined>();
  const [busy, setBusy] = useState(false);
  const next = nextPath(query);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    setBusy(true);
    const { data, error: failure } = await api.POST('/login', { body: { email, password: String(form.get('password') ?? '') } })
      .catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      session.signIn(data);
      navigate(next, { replace: true });
      return;
    }
    const apiError = errorOf(failure);
    setError({ text: messageFor(apiError), unconfirmed: apiError?.code === 'EMAIL_NOT_CONFIRMED' });
  };

  return (
    <main className="narrow">
      <h1>Entrar</h1>
      {query.get('senha') === 'redefinida' ? <p role="status" className="form-ok">Senha redefinida. Entre com a nova senha.</p> : null}
      <form className="stack-form" onSubmit={submit}>
        <label htmlFor="signin-email">E-mail<input id="signin-email" name="email" type="email" autoComplete="email" required /></label>
        <label htmlFor="signin-password">Senha<input id="signin-password" name="password" type="password" autoComplete="current-password" required /></label>
        {error ? (
          <p role="alert" className="form-error">
            {error.text} {error.unconfirmed ? <Link to={`/cadastro?etapa=codigo&next=${encodeURIComponent(next)}`}>Confirmar e-mail</Link> : null}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>Entrar</button>
      </form>
      <p><Link to="/recuperar-senha">Esqueci minha senha</Link></p>
      <p>Ainda não tem conta? <Link to={`/cadastro?next=${encodeURIComponent(next)}`}>Criar conta</Link></p>
    </main>
  );
}
