/** A new delivery address (POST /me/addresses); used by the account page and the checkout. */
import { type FormEvent, useState } from 'react';
import { type Address, api, errorOf } from '../api/client';
import { messageFor } from '../messages';

const UFS = ['AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO'];

const FIELDS = [
  { name: 'label', label: 'Nome do endereço (ex.: Casa)', autoComplete: 'off' },
  { name: 'recipient', label: 'Destinatário', autoComplete: 'name' },
  { name: 'cep', label: 'CEP', autoComplete: 'postal-code', inputMode: 'numeric' },
  { name: 'street', label: 'Rua', autoComplete: 'address-line1' },
  { name: 'number', label: 'Número', autoComplete: 'off' },
  { name: 'complement', label: 'Complemento (opcional)', autoComplete: 'address-line2', optional: true },
  { name: 'district', label: 'Bairro', autoComplete: 'address-level3' },
  { name: 'city', label: 'Cidade', autoComplete: 'address-level2' },
] as const;

export function AddressForm({ onSaved, idPrefix = 'address' }: { onSaved: (address: Address) => void; idPrefix?: string }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    const { data, error: failure } = await api.POST('/me/addresses', {
      body: {
        label: value('label'), recipient: value('recipient'), street: value('street'), number: value('number'),
        complement: value('complement') || undefined, district: value('district'), city: value('city'), state: value('state'), cep: value('cep'),
      },
    }).catch(() => ({ data: undefined, error: undefined }));
    setBusy(false);
    if (data) {
      setError(undefined);
      onSaved(data);
    } else setError(messageFor(errorOf(failure)));
  };

  return (
    <form className="stack-form address-form" onSubmit={submit} aria-label="Novo endereço">
      {FIELDS.map((field) => (
        <label key={field.name} htmlFor={`${idPrefix}-${field.name}`}>
          {field.label}
          <input id={`${idPrefix}-${field.name}`} name={field.name} autoComplete={field.autoComplete} required={!('optional' in field)}
            inputMode={'inputMode' in field ? field.inputMode : undefined} />
        </label>
      ))}
      <label htmlFor={`${idPrefix}-state`}>
        UF
        <select id={`${idPrefix}-state`} name="state" required defaultValue="SP" autoComplete="address-level1">
          {UFS.map((uf) => <option key={uf} value={uf}>{uf}</option>)}
        </select>
      </label>
      {error ? <p role="alert" className="form-error">{error}</p> : null}
      <button type="submit" disabled={busy}>Salvar endereço</button>
    </form>
  );
}

export function AddressText({ address }: { address: Address }) {
  return (
    <>
      <strong>{address.label}</strong> — {address.recipient}
      <br />
      {address.street}, {address.number}{address.complement ? `, ${address.complement}` : ''} — {address.district}, {address.city}/{address.state}
    </>
  );
}
