/** The customer's account: profile (name, phone), address book, notification channels, sign-out and the way to delete it. */
import { type FormEvent, lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { type Address, api, errorOf, type Profile, session } from '../api/client';
import { AddressForm, AddressText } from '../components/AddressForm';
import { messageFor } from '../messages';
import { Link, navigate } from '../router';

/** POST /logout revokes every token issued so far; the session is forgotten even if the call fails. */
/** Its own chunk, fetched with the account page's first render, not with the storefront's first load. */
const NotificationPreferencesForm = lazy(() => import('../components/NotificationPreferences').then((m) => ({ default: m.NotificationPreferencesForm })));

export async function signOut(): Promise<void> {
  await api.POST('/logout').catch(() => undefined);
  session.clear();
  navigate('/');
}

export function AccountPage() {
  const [profile, setProfile] = useState<Profile | undefined>();
  const [addresses, setAddresses] = useState<Address[] | undefined>();
  const [notice, setNotice] = useState<{ text: string; error: boolean } | undefined>();
  const [adding, setAdding] = useState(false);

  const loadAddresses = useCallback(async () => {
    const { data } = await api.GET('/me/addresses').catch(() => ({ data: undefined }));
    setAddresses(data?.items ?? []);
  }, []);

  useEffect(() => {
    void api.GET('/me').then(({ data }) => setProfile(data), () => undefined);
    void loadAddresses();
  }, [loadAddresses]);

  const saveProfile = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const phone = String(form.get('phone') ?? '').trim();
    const { data, error } = await api.PATCH('/me', { body: { name: String(form.get('name') ?? '').trim(), phone: phone || null } })
      .catch(() => ({ data: undefined, error: undefined }));
    if (data) setProfile(data);
    setNotice(data ? { text: 'Dados salvos.', error: false } : { text: messageFor(errorOf(error)), error: true });
  };

  const remove = async (id: string) => {
    await api.DELETE('/me/addresses/{id}', { params: { path: { id } } }).catch(() => undefined);
    await loadAddresses();
  };

  return (
    <main className="account-page">
      <h1>Minha conta</h1>
      <nav className="account-links" aria-label="Conta">
        <Link to="/pedidos">Meus pedidos</Link>
        <button type="button" className="secondary" onClick={() => void signOut()}>Sair</button>
      </nav>
      <section aria-labelledby="profile-title" className="panel">
        <h2 id="profile-title">Dados pessoais</h2>
        {profile ? (
          <form className="stack-form" onSubmit={saveProfile} key={profile.userId}>
            <p>E-mail: <strong data-testid="profile-email">{profile.email}</strong></p>
            <label htmlFor="profile-name">Nome<input id="profile-name" name="name" defaultValue={profile.name} autoComplete="name" required /></label>
            <label htmlFor="profile-phone">Celular (ex.: +5511987654321)<input id="profile-phone" name="phone" type="tel" defaultValue={profile.phone ?? ''} autoComplete="tel" /></label>
            {notice ? <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'form-error' : 'form-ok'}>{notice.text}</p> : null}
            <button type="submit">Salvar dados</button>
          </form>
        ) : <p aria-live="polite">Carregando…</p>}
      </section>
      <section aria-labelledby="addresses-title" className="panel">
        <h2 id="addresses-title">Endereços</h2>
        {addresses?.length === 0 ? <p>Nenhum endereço cadastrado.</p> : null}
        <ul className="address-list" data-testid="addresses">
          {addresses?.map((address) => (
            <li key={address.id}>
              <span><AddressText address={address} /></span>
              <button type="button" className="secondary" onClick={() => void remove(address.id)} aria-label={`Apagar o endereço ${address.label}`}>Apagar</button>
            </li>
          ))}
        </ul>
        {adding ? (
          <AddressForm onSaved={() => { setAdding(false); void loadAddresses(); }} />
        ) : (
          <button type="button" onClick={() => setAdding(true)}>Novo endereço</button>
        )}
      </section>
      <section aria-labelledby="preferences-title" className="panel">
        <h2 id="preferences-title">Notificações</h2>
        {profile ? (
          <Suspense fallback={<p aria-live="polite">Carregando…</p>}>
            <NotificationPreferencesForm key={profile.phone ?? ''} phone={profile.phone} />
          </Suspense>
        ) : null}
      </section>
      <section aria-labelledby="danger-title" className="panel">
        <h2 id="danger-title">Excluir conta</h2>
        <p>Apaga seus dados pessoais de forma definitiva. <Link to="/conta/excluir">Excluir minha conta</Link></p>
      </section>
    </main>
  );
}
