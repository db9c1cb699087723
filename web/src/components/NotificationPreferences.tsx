/**
 * The customer's notification channels (GET/PUT /me/notification-preferences): order and account
 * emails always go out; marketing emails and order SMS are opt-in. SMS needs a phone on the profile,
 * which the API checks too (400 on sms.orders).
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorOf, type NotificationPreferences } from '../api/client';
import { preferencesMessage } from '../messages';

export function NotificationPreferencesForm({ phone }: { phone: string | null }) {
  const [preferences, setPreferences] = useState<NotificationPreferences | undefined>();
  const [notice, setNotice] = useState<{ text: string; error: boolean } | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.GET('/me/notification-preferences').then(({ data }) => setPreferences(data), () => undefined);
  }, []);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: NotificationPreferences = {
      email: { orders: true, marketing: form.get('marketing') === 'on' },
      sms: { orders: form.get('sms') === 'on' },
    };
    setBusy(true);
    const { data, error } = await api.PUT('/me/notification-preferences', { body }).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) setPreferences(data);
    setNotice(data ? { text: 'Preferências salvas.', error: false } : { text: preferencesMessage(errorOf(error)), error: true });
  };

  if (!preferences) return <p aria-live="polite">Carregando…</p>;
  return (
    <form className="stack-form" onSubmit={save} data-testid="preferences">
      <label htmlFor="pref-orders" className="checkbox">
        <input id="pref-orders" type="checkbox" checked disabled /> E-mails sobre pedidos e conta (sempre enviados)
      </label>
      <label htmlFor="pref-marketing" className="checkbox">
        <input id="pref-marketing" name="marketing" type="checkbox" defaultChecked={preferences.email.marketing} /> E-mails com ofertas e novidades
      </label>
      <label htmlFor="pref-sms" className="checkbox">
        <input id="pref-sms" name="sms" type="checkbox" defaultChecked={preferences.sms.orders} aria-describedby="pref-sms-hint" /> SMS sobre meus pedidos
      </label>
      <p id="pref-sms-hint" className="hint">
        {phone ? `Enviaremos para ${phone}.` : 'Para receber SMS, cadastre um celular nos dados pessoais acima.'}
      </p>
      {notice ? <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'form-error' : 'form-ok'}>{notice.text}</p> : null}
      <button type="submit" disabled={busy}>Salvar preferências</button>
    </form>
  );
}
