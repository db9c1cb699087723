/**
 * Password reset: the shopper asks for a code (POST /password-reset answers 202 whether or not the
 * account exists, so the page says the same either way), then sets a new password with it
 * (POST /password-reset/confirm). Every session of the account ends; the shopper signs in again.
 */
import { type FormEvent, useState } from 'react';
import { api, errorOf } from '../api/client';
import { messageFor, PASSWORD_RULES } from '../messages';
import { Link, navigate, useLocation } from '../router';

export function PasswordResetPage() {
  const { query } = useLocation();
  const email = query.get('email') ?? '';
  const codeStep = query.get('etapa') === 'codigo' && email !== '';
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const requestCode = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setBusy(true);
    const { response, error: failure } = await api.POST('/password-reset', { body: { email: to } })
      .catch(() => ({ response: undefined, error: undefined }));
    setBusy(false);
    if (response?.ok) {
      setError(undefined);
      navigate(`/recuperar-senha?etapa=codigo&email=${encodeURIComponent(to)}`);
    } else setError(messageFor(errorOf(failure)));
  };

  const confirm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const { response, error: failure } = await api.POST('/password-reset/confirm', {
      body: { email, code: String(form.get('code') ?? '').trim(), newPassword: String(form.get('newPassword') ?? '') },
    }).catch(() => ({ response: undefined, error: undefined }));
    setBusy(false);
    if (response?.ok) navigate('/entrar?senha=redefinida', { replace: true });
    else setError(resetMessage(errorOf(failure)));
  };

  if (codeStep) {
    return (
      <main className="narrow">
        <h1>Nova senha</h1>
        <p>Se existe uma conta para <strong>{email}</strong>, enviamos para esse e-mail um código de 6 dígitos.</p>
        <form className="stack-form" onSubmit={confirm} key="code">
          <label htmlFor="reset-code">Código recebido<input id="reset-code" name="code" inputMode="numeric" autoComplete="one-time-code" required /></label>
          <label htmlFor="reset-password">Nova senha<input id="reset-password" name="newPassword" type="password" autoComplete="new-password" required aria-describedby="reset-rules" /></label>
          <p id="reset-rules" className="hint">{PASSWORD_RULES}</p>
          {error ? <p role="alert" className="form-error">{error}</p> : null}
          <button type="submit" disabled={busy}>Salvar nova senha</button>
        </form>
        <p>Não recebeu? <Link to={`/recuperar-senha?email=${encodeURIComponent(email)}`}>Pedir outro código</Link></p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>Recuperar senha</h1>
      <p>Informe o e-mail da sua conta. Enviaremos um código para você criar uma nova senha.</p>
      <form className="stack-form" onSubmit={requestCode} key="email">
        <label htmlFor="reset-email">E-mail<input id="reset-email" name="email" type="email" autoComplete="email" defaultValue={email} required /></label>
        {error ? <p role="alert" className="form-error">{error}</p> : null}
        <button type="submit" disabled={busy}>Enviar código</button>
      </form>
      <p><Link to="/entrar">Voltar para entrar</Link></p>
    </main>
  );
}

/** A wrong or expired code is the usual failure here; the password policy names its rules. */
function resetMessage(error: ReturnType<typeof errorOf>): string {
  if (error?.code === 'VALIDATION_ERROR') {
    const fields = (error.details ?? []).map((d) => (d as { field?: string }).field);
    if (fields.includes('newPassword')) return PASSWORD_RULES;
  }
  return messageFor(error);
}
