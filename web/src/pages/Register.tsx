/**
 * Registration in two steps: the account (POST /register), then the code we email
 * (POST /register/confirm), after which the shopper is signed in and sent back where they were.
 */
import { type FormEvent, useState } from 'react';
import { api, errorOf, session } from '../api/client';
import { messageFor, PASSWORD_RULES } from '../messages';
import { Link, navigate, useLocation } from '../router';
import { nextPath } from './SignIn';

export function RegisterPage() {
  const { query } = useLocation();
  const next = nextPath(query);
  const [step, setStep] = useState<'account' | 'code'>(query.get('etapa') === 'codigo' ? 'code' : 'account');
  const [credentials, setCredentials] = useState<{ email: string; password?: string }>({ email: '' });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const register = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const body = { name: value('name'), email: value('email'), password: String(form.get('password') ?? ''), cpf: value('cpf') || undefined, phone: value('phone') || undefined };
    setBusy(true);
    const { data, error: failure } = await api.POST('/register', { body }).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (!data) return setError(messageFor(errorOf(failure)));
    setError(undefined);
    setCredentials({ email: body.email, password: body.password });
    setStep('code');
  };

  const confirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = credentials.email || String(form.get('email') ?? '').trim();
    setBusy(true);
    const confirmed = await api.POST('/register/confirm', { body: { email, code: String(form.get('code') ?? '').trim() } })
      .catch(() => ({ response: undefined, error: undefined }));
    if (confirmed.response?.status !== 204) {
      setBusy(false);
      return setError(messageFor(errorOf(confirmed.error)));
    }
    if (!credentials.password) {
      setBusy(false);
      return navigate(`/entrar?next=${encodeURIComponent(next)}`, { replace: true });
    }
    const { data } = await api.POST('/login', { body: { email, password: credentials.password } }).catch(() => ({ data: undefined }));
    setBusy(false);
    if (data) session.signIn(data);
    navigate(data ? next : `/entrar?next=${encodeURIComponent(next)}`, { replace: true });
  };

  if (step === 'code') {
    return (
      <main className="narrow">
        <h1>Confirme seu e-mail</h1>
        <p>{credentials.email ? `Enviamos um código para ${credentials.email}.` : 'Digite o e-mail da conta e o código que enviamos.'}</p>
        <form className="stack-form" onSubmit={confirm}>
          {credentials.email ? null : (
            <label htmlFor="confirm-email">E-mail<input id="confirm-email" name="email" type="email" autoComplete="email" required /></label>
          )}
          <label htmlFor="confirm-code">Código<input id="confirm-code" name="code" inputMode="numeric" autoComplete="one-time-code" required /></label>
          {error ? <p role="alert" className="form-error">{error}</p> : null}
          <button type="submit" disabled={busy}>Confirmar</button>
        </form>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>Criar conta</h1>
      <form className="stack-form" onSubmit={register}>
        <label htmlFor="register-name">Nome completo<input id="register-name" name="name" autoComplete="name" required /></label>
        <label htmlFor="register-email">E-mail<input id="register-email" name="email" type="email" autoComplete="email" required /></label>
        <label htmlFor="register-password">
          Senha
          <input id="register-password" name="password" type="password" autoComplete="new-password" required aria-describedby="password-rules" />
        </label>
        <p id="password-rules" className="hint">{PASSWORD_RULES}</p>
        <label htmlFor="register-cpf">CPF (opcional)<input id="register-cpf" name="cpf" inputMode="numeric" /></label>
        <label htmlFor="register-phone">Celular (opcional, ex.: +5511987654321)<input id="register-phone" name="phone" type="tel" autoComplete="tel" /></label>
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        <button type="submit" disabled={busy}>Criar conta</button>
      </form>
      <p>Já tem conta? <Link to={`/entrar?next=${encodeURIComponent(next)}`}>Entrar</Link></p>
    </main>
  );
}
