/**
 * `npm run check:flash-sale`: reads the table and verifies every flash-sale window's accounting
 * (remaining + reservedUnpaid + paid + restocked == the units the window took from the variant's stock,
 * every taken unit has one order, no counter below zero) and that no customer holds more than the
 * per-customer limit. Exit 1 on a violation.
 *
 * Local stack defaults: TABLE_NAME=store-local DYNAMODB_ENDPOINT=http://127.0.0.1:8000.
 * In AWS: TABLE_NAME=<stack output> AWS_REGION=... (no endpoint).
 */
import './local-table-env.js';

const { flashSales } = await import('../lambdas/compose/flash-sale.js');
const { flashSaleRepository } = await import('../lambdas/adapters/dynamodb/flash-sales.js');

let violations = 0;
const reports = [];
for (const sale of await flashSaleRepository.listSales()) {
  for (const header of await flashSaleRepository.windowHeaders(sale.id)) {
    const report = await flashSales.audit(sale, { saleId: sale.id, id: header.windowId, startsAt: header.startsAt, endsAt: header.endsAt });
    violations += report.violations.length;
    reports.push(report);
  }
}
const json = process.argv.includes('--json');
if (json) console.log(JSON.stringify({ windows: reports, violations }));
else {
  for (const r of reports) {
    const total = r.remaining + r.reservedUnpaid + r.paid + r.restocked;
    console.log(`${r.violations.length ? 'FAIL' : 'ok  '} ${r.windowId}: remaining ${r.remaining} + reservedUnpaid ${r.reservedUnpaid} + paid ${r.paid} + restocked ${r.restocked} = ${total} / ${r.unitsPerWindow} (released ${r.released}, in flight ${r.inFlight})`);
    for (const v of r.violations) console.log(`     ${v}`);
  }
  console.log(`${reports.length} window(s) checked, ${violations} violation(s)`);
}
process.exit(violations ? 1 : 0);
