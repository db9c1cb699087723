/**
 * `npm run web:client`: rewrites web/src/api/schema.d.ts from the route table's OpenAPI document.
 * With `--stdout` it prints the schema instead (the drift test compares that with the file).
 */
import { writeFile } from 'node:fs/promises';
import { generateSchema } from './client-schema.js';

const schema = await generateSchema();
if (process.argv.includes('--stdout')) {
  process.stdout.write(schema);
} else {
  const target = new URL('../src/api/schema.d.ts', import.meta.url);
  await writeFile(target, schema);
  console.log(`Wrote ${target.pathname}`);
}
