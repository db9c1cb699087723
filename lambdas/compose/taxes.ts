import { taxTableStore } from '#adapters/dynamodb/tax-tables.js';
import type { TaxTableDeps } from '#domain/taxes/use-cases.js';
import { clock } from '#shared/clock.js';

/** The tax table admin functions' adapters. */
export const taxTableDeps: TaxTableDeps = { taxTables: taxTableStore, now: () => clock.now() };
