/** Coupons: every coupon with its usage, a new one, disable/enable, delete (refused once redeemed). */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatDateTime, formatPrice } from '../format';
import { type Coupon, type CouponInput, refusal } from './api';

const cents = (reais: string) => Math.round(Number(reais.replace(/\./g, '').replace(',', '.')) * 100);
const valueText = (c: Coupon) => (c.type === 'percent' ? `${c.value}%` : formatPrice(c.value));
/** A São Paulo calendar day as the instant it starts (or ends). */
const dayStart = (day: string) => `${day}T00:00:00-03:00`;
const dayEnd = (day: string) => `${day}T23:59:59-03:00`;

export function CouponsPage() {
  const [coupons, setCoupons] = useState<Coupon[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [type, setType] = useState<'percent' | 'fixed'>('percent');

  const reload = useCallback(async () => {
    const { data, error: failure } = await api.GET('/admin/coupons', {}).catch(() => ({ data: undefined, error: undefined }));
    if (data) setCoupons(data.items);
    else setError(refusal(failure));
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  const outcome = async (done: string, answer: { response?: Response; error?: unknown } | undefined) => {
    const ok = answer?.response?.ok === true;
    setError(ok ? undefined : refusal(answer?.error));
    setNotice(ok ? done : undefined);
    if (ok) await reload();
    return ok;
  };
  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const maxUses = String(form.get('maxUses') ?? '');
    const body: CouponInput = {
      code: String(form.get('code')), type,
      value: type === 'percent' ? Number(form.get('value')) : cents(String(form.get('value'))),
      minSubtotalCents: cents(String(form.get('minSubtotal') || '0')),
      maxUses: maxUses ? Number(maxUses) : null,
      validFrom: dayStart(String(form.get('validFrom'))), validUntil: dayEnd(String(form.get('validUntil'))),
      firstPurchaseOnly: form.get('firstPurchaseOnly') === 'on',
    };
    if (await outcome(`Cupom ${body.code.toUpperCase()} criado.`, await api.POST('/admin/coupons', { body }).catch(() => undefined))) formElement.reset();
  };
  const setStatus = async (code: string, status: 'active' | 'disabled') =>
    outcome(status === 'disabled' ? `Cupom ${code} desativado.` : `Cupom ${code} reativado.`,
      await api.PATCH('/admin/coupons/{code}', { params: { path: { code } }, body: { status } }).catch(() => undefined));
  const remove = async (code: string) => {
    if (window.confirm(`Excluir o cupom ${code}?`)) await outcome(`Cupom ${code} excluído.`, await api.DELETE('/admin/coupons/{code}', { params: { path: { code } } }).catch(() => undefined));
  };

  return (
    <main className="admin-main">
      <h1>Cupons</h1>
      {error ? <p role="alert" className="form-error" data-testid="action-error">{error}</p> : null}
      {notice ? <p role="status" className="form-ok">{notice}</p> : null}
      {coupons === undefined ? (error ? null : <p role="status">Carregando cupons…</p>) : (
        <table className="data-table" data-testid="coupons-table">
          <caption className="visually-hidden">Cupons</caption>
          <thead><tr><th scope="col">Código</th><th scope="col">Desconto</th><th scope="col">Validade</th><th scope="col">Usos</th><th scope="col">Situação</th><th scope="col">Ações</th></tr></thead>
          <tbody>
            {coupons.map((c) => (
              <tr key={c.code}>
                <td>{c.code}</td>
                <td>{valueText(c)}{c.minSubtotalCents ? ` acima de ${formatPrice(c.minSubtotalCents)}` : ''}{c.firstPurchaseOnly ? ' · 1ª compra' : ''}</td>
                <td>{formatDateTime(c.validFrom)} a {formatDateTime(c.validUntil)}</td>
                <td>{c.usedCount}{c.maxUses === null ? '' : ` de ${c.maxUses}`}</td>
                <td>{c.status === 'active' ? 'Ativo' : 'Desativado'}</td>
                <td className="row-actions">
                  {c.status === 'active'
                    ? <button type="button" className="secondary" onClick={() => setStatus(c.code, 'disabled')}>Desativar</button>
                    : <button type="button" className="secondary" onClick={() => setStatus(c.code, 'active')}>Reativar</button>}
                  <button type="button" className="danger" onClick={() => remove(c.code)}>Excluir</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-coupon">
        <h2 id="new-coupon">Novo cupom</h2>
        <form className="stack-form wide" onSubmit={create}>
          <label htmlFor="coupon-code">Código<input id="coupon-code" name="code" required minLength={3} maxLength={40} pattern="[A-Za-z0-9_\-]+" /></label>
          <label htmlFor="coupon-type">Tipo
            <select id="coupon-type" value={type} onChange={(e) => setType(e.target.value === 'fixed' ? 'fixed' : 'percent')}>
              <option value="percent">Porcentagem</option>
              <option value="fixed">Valor fixo (R$)</option>
            </select>
          </label>
          <label htmlFor="coupon-value">{type === 'percent' ? 'Desconto (%)' : 'Desconto (R$)'}<input id="coupon-value" name="value" required inputMode="decimal" /></label>
          <label htmlFor="coupon-min">Subtotal mínimo (R$)<input id="coupon-min" name="minSubtotal" inputMode="decimal" /></label>
          <label htmlFor="coupon-max">Limite de usos (vazio: sem limite)<input id="coupon-max" name="maxUses" type="number" min={1} /></label>
          <label htmlFor="coupon-from">Válido de<input id="coupon-from" name="validFrom" type="date" required /></label>
          <label htmlFor="coupon-until">até<input id="coupon-until" name="validUntil" type="date" required /></label>
          <label htmlFor="coupon-first" className="checkbox"><input id="coupon-first" name="firstPurchaseOnly" type="checkbox" /> Só na primeira compra</label>
          <button type="submit">Criar cupom</button>
        </form>
      </section>
    </main>
  );
}
