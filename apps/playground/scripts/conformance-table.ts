/** Writes docs/conformance.md from the conformance case table. Run: `pnpm --filter @tollkit/playground run conformance-table`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CASES } from '../test/conformance/cases.js';
import { renderConformanceTable } from '../test/conformance/render-table.js';

const target = fileURLToPath(new URL('../../../docs/conformance.md', import.meta.url));
writeFileSync(target, renderConformanceTable(CASES));
console.log(`wrote ${target} (${CASES.length} rules)`);
