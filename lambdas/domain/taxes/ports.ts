import type { TaxTableVersion } from './table.js';

/** A version without its rates (listings). */
export type TaxTableSummary = Omit<TaxTableVersion, 'rates'> & { ncmCount: number };

/** Where rate table versions live; versions are immutable, one of them is current. */
export interface TaxTableStore {
  /** The current version, undefined while none was uploaded. */
  current(): Promise<TaxTableVersion | undefined>;
  /** One version (immutable: a container keeps those it has read), undefined if unknown. */
  version(version: string): Promise<TaxTableVersion | undefined>;
  /**
   * Stores a new version and makes it current, if no version has this id and the current one is
   * still `expectedCurrent` (null: none yet). The previous version is kept.
   */
  publish(table: TaxTableVersion, expectedCurrent: string | null): Promise<'published' | 'version-exists' | 'current-changed'>;
  /** Every stored version, newest upload first, and which is current. */
  list(): Promise<{ current: string | null; versions: TaxTableSummary[] }>;
  /** Makes an earlier version current again if the current one is still `expectedCurrent`. */
  activate(version: string, expectedCurrent: string | null): Promise<'activated' | 'not-found' | 'current-changed'>;
}

/**
 * The current version's id read inside another BatchGet the use case makes anyway (the order's
 * variants): `settle` gets it (null while none was uploaded).
 */
export interface TaxPointerRider {
  settle(version: string | null): void;
}
