const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

export function formatPrice(cents: number): string {
  return brl.format(cents / 100);
}

/** "1h 05min 09s" style, for the flash-sale countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}min ${pad(s)}s` : `${pad(m)}min ${pad(s)}s`;
}

const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Sao_Paulo' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export const STATUS_TEXT: Record<string, string> = {
  PENDING_PAYMENT: 'Aguardando pagamento',
  PAID: 'Pago',
  SHIPPED: 'Enviado',
  DELIVERED: 'Entregue',
  CANCELLED: 'Cancelado',
  EXPIRED: 'Expirado',
};

/** "01310-100" from 8 digits (the API stores CEPs as digits). */
export function formatCep(cep: unknown): string {
  const digits = String(cep ?? '').replace(/\D/g, '');
  return digits.length === 8 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
}

const weekdayDay = new Intl.DateTimeFormat('pt-BR', { weekday: 'long', day: '2-digit', month: '2-digit', timeZone: 'UTC' });

/** "quinta-feira, 31/12" from a calendar day `YYYY-MM-DD` (the API's delivery dates). */
export function formatDeliveryDay(day: string): string {
  return weekdayDay.format(new Date(`${day}T12:00:00Z`));
}
