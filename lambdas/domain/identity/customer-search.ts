/**
 * Customer search for support staff (issue 16 item 6; docs/data-model.md "Customer search"): by email,
 * name or CPF prefix, through index items written with the profile (never a Scan). Names are folded
 * (no accents, lower case, punctuation as spaces) and indexed from each word to the end of the name,
 * so "souza", "maria sou" and "jose" find "Ana Maria Souza" and "José".
 */
import { ValidationError } from '#shared/errors.js';
import type { CustomerDirectory, Page, ProfileRecord } from './ports.js';

export type SearchKind = 'email' | 'name' | 'cpf';

export interface SearchTerm {
  kind: SearchKind;
  term: string;
}

/** A name's words beyond this many start no index entry of their own (the name's first words still match them). */
export const MAX_NAME_SUFFIXES = 6;
/** Every term is at least this long: its first two characters pick the index partition. */
export const MIN_TERM_LENGTH = 2;

/** "José da Silva-Souza" -> "jose da silva souza". */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The index terms of a profile: its email, its CPF's digits, and its folded name from each word on. */
export function searchTerms(profile: Pick<ProfileRecord, 'email' | 'name' | 'cpf'>): SearchTerm[] {
  const terms: SearchTerm[] = [{ kind: 'email', term: profile.email.toLowerCase() }];
  if (profile.cpf) terms.push({ kind: 'cpf', term: profile.cpf.replace(/\D/g, '') });
  const words = foldName(profile.name).split(' ').filter(Boolean);
  const suffixes = new Set(words.slice(0, MAX_NAME_SUFFIXES).map((_, i) => words.slice(i).join(' ')));
  for (const term of suffixes) if (term.length >= MIN_TERM_LENGTH) terms.push({ kind: 'name', term });
  return terms.filter((t) => t.term.length >= MIN_TERM_LENGTH);
}

/**
 * What an admin typed, as one index term: `by` when given, else an `@` means an email, only digits
 * and CPF punctuation mean a CPF, anything else a name.
 */
export function parseCustomerQuery(q: string, by?: SearchKind): SearchTerm {
  const trimmed = q.trim();
  const kind: SearchKind = by ?? (trimmed.includes('@') ? 'email' : /^[\d.\-\s]+$/.test(trimmed) ? 'cpf' : 'name');
  const term = kind === 'email' ? trimmed.toLowerCase() : kind === 'cpf' ? trimmed.replace(/\D/g, '') : foldName(trimmed);
  if (term.length < MIN_TERM_LENGTH) {
    throw new ValidationError(`q must have at least ${MIN_TERM_LENGTH} ${kind === 'cpf' ? 'digits' : 'letters or digits'} for a ${kind} search`, [
      { field: 'q', message: `at least ${MIN_TERM_LENGTH} characters` },
    ]);
  }
  return { kind, term };
}

export interface CustomerSummary {
  userId: string;
  email: string;
  name: string;
  cpf: string | null;
  createdAt: string;
  /** Orders placed (paid or not). */
  orderCount: number;
  paidOrders: number;
  /** Paid less refunded, in cents. */
  lifetimeValueCents: number;
}

export async function searchCustomers(
  deps: { directory: CustomerDirectory },
  query: { q: string; by?: SearchKind; limit: number; cursor?: string },
): Promise<Page<CustomerSummary>> {
  const { kind, term } = parseCustomerQuery(query.q, query.by);
  const page = await deps.directory.search(kind, term, query.limit, query.cursor);
  const ids = [...new Set(page.items)];
  const [profiles, lifetimes] = await Promise.all([deps.directory.profiles(ids), deps.directory.lifetimes(ids)]);
  const items: CustomerSummary[] = [];
  for (const userId of ids) {
    const profile = profiles.get(userId);
    // An entry whose account was deleted between the two reads.
    if (!profile) continue;
    const lifetime = lifetimes.get(userId);
    items.push({
      userId, email: profile.email, name: profile.name, cpf: profile.cpf, createdAt: profile.createdAt,
      orderCount: lifetime?.placedOrders ?? 0,
      paidOrders: lifetime?.paidOrders ?? 0,
      lifetimeValueCents: (lifetime?.paidCents ?? 0) - (lifetime?.refundedCents ?? 0),
    });
  }
  return { items, nextCursor: page.nextCursor };
}
