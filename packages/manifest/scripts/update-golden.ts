/**
 * Rewrites test/golden/<case>/expected.json from the current output. Review the diff before
 * committing! Usage: pnpm exec tsx scripts/update-golden.ts [case …]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GOLDEN_DIR, listCases, normalise, runCase } from '../test/support/golden.js';

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : await listCases();
for (const name of names) {
  const result = normalise(await runCase(name));
  await writeFile(join(GOLDEN_DIR, name, 'expected.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`${name}: ${result.records.length} records, ${result.report.errorCount} errors, ${result.report.warningCount} warnings${result.report.fatal === undefined ? '' : `, fatal ${result.report.fatal.code}`}`);
}
