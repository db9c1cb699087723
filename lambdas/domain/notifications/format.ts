/** How values read in customer messages (pt-BR, São Paulo time). */

/** R$ 1.234,56 */
export function brl(cents: number): string {
  const [whole, fraction] = (Math.abs(cents) / 100).toFixed(2).split('.');
  return `${cents < 0 ? '-' : ''}R$ ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}`;
}

/** The order's short code customers see: its id's last 8 characters. */
export const orderCode = (orderId: string): string => orderId.slice(-8).toUpperCase();

const dateTime = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
const time = new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', hour: '2-digit', minute: '2-digit' });

/** 27/11 10:30 (São Paulo). */
export function dayAndTime(iso: string): string {
  return dateTime.format(new Date(iso)).replace(',', '');
}

/** 10:30 (São Paulo). */
export function timeOfDay(iso: string): string {
  return time.format(new Date(iso));
}

/** The first word of a customer's name ("Ana" of "Ana Souza"). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** The carrier's public tracking page for a code, when the carrier is one we know. */
export function trackingUrl(carrier: string | null, code: string | null): string | null {
  if (!carrier || !code) return null;
  const c = encodeURIComponent(code);
  const known: Record<string, string> = {
    correios: `https://rastreamento.correios.com.br/app/index.php?objeto=${c}`,
    jadlog: `https://www.jadlog.com.br/jadlog/tracking?cte=${c}`,
    loggi: `https://www.loggi.com/rastreador/${c}`,
  };
  return known[carrier.trim().toLowerCase()] ?? null;
}

/** 12/12/2026, a calendar day (`YYYY-MM-DD`) as customers read it. */
export function calendarDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/**
 * The receipt line of Lei 12.741/2012 ("Valor aproximado dos tributos"), with the federal and state
 * parts and the source of the rates; undefined when the order has no computed taxes.
 */
export function taxesLine(taxes: { federalCents: number; stateCents: number; totalCents: number } | null | undefined): string | undefined {
  if (!taxes) return undefined;
  return `Valor aproximado dos tributos: ${brl(taxes.totalCents)} (federais ${brl(taxes.federalCents)}, estaduais ${brl(taxes.stateCents)}). Fonte: IBPT.`;
}
