/**
 * `npm run backfill:customers [-- --dry-run]`: writes the customer-search entries and the lifetime
 * counters (order count, lifetime value) of customers registered before the search existed
 * (lambdas/adapters/dynamodb/backfill-customers.ts). Run once after deploying; idempotent, and safe
 * while the stack takes traffic (each fact counts once, a concurrent rename keeps its own entries).
 *
 * Local stack defaults: TABLE_NAME=store-local DYNAMODB_ENDPOINT=http://127.0.0.1:8000.
 * In AWS: TABLE_NAME=<stack output> AWS_REGION=... (no endpoint).
 */
import './local-table-env.js';

const { backfillCustomers } = await import('../lambdas/adapters/dynamodb/backfill-customers.js');

const dryRun = process.argv.includes('--dry-run');
const result = await backfillCustomers({ dryRun, log: (line) => console.log(line) });
console.log(dryRun
  ? `dry run: ${result.profiles} profiles, nothing written`
  : `indexed ${result.profiles - result.skipped} profiles (${result.skipped} changed meanwhile, indexed by their own write), counted ${result.factsCounted} lifetime facts`);
