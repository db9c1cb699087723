/**
 * `npm run migrate:index-shards [-- --dry-run]`: moves items written before the index keys were
 * sharded into their shards (lambdas/adapters/dynamodb/migrate-index-shards.ts). Run once, after
 * deploying the sharding code. Idempotent.
 *
 * Local stack defaults: TABLE_NAME=store-local DYNAMODB_ENDPOINT=http://127.0.0.1:8000.
 * In AWS: TABLE_NAME=<stack output> AWS_REGION=... (no endpoint).
 */
import './local-table-env.js';

const { ddb, tableName } = await import('../lambdas/adapters/dynamodb/client.js');
const { migrateIndexShards } = await import('../lambdas/adapters/dynamodb/migrate-index-shards.js');

const dryRun = process.argv.includes('--dry-run');
const result = await migrateIndexShards(ddb, tableName, { dryRun, log: (line) => console.log(line) });
console.log(dryRun ? 'dry run: nothing written' : `moved ${result.moved}, skipped ${result.skipped} (changed concurrently)`);
for (const line of result.invalid) console.log(`no id to shard by: ${line}`);
process.exit(result.invalid.length ? 1 : 0);
