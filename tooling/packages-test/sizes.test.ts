/**
 * Issue #17: the README's table of packages shows each packed package's size and dependencies.
 * Dependencies must match exactly; the size within 15 % (sources change between releases).
 * `PRINT_TABLE=1 pnpm packages:check sizes` prints the current rows.
 */
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { packageFigures, readmeRows, tableRow } from './sizes.js';
import { REPO_ROOT } from './support.js';

it("the README's table of packages has every package's packed size and dependencies", () => {
  const figures = packageFigures(inject('tarballDir'));
  if (process.env['PRINT_TABLE'] === '1') console.log(figures.map(tableRow).join('\n'));
  const rows = readmeRows(join(REPO_ROOT, 'README.md'));
  for (const f of figures) {
    const row = rows.get(f.name);
    expect(row, `README.md has no table row for ${f.name}; current: ${tableRow(f)}`).toBeDefined();
    const [, kb, deps] = /\| (\d+) kB \| (.*) \|$/.exec(row ?? '') ?? [];
    expect(deps, `${f.name} dependencies`).toBe(tableRow(f).split(' | ')[2]?.replace(/ \|$/, ''));
    expect(Math.abs(Number(kb) - f.packedKb) / f.packedKb, `${f.name}: README says ${kb} kB, packed ${f.packedKb} kB`).toBeLessThanOrEqual(0.15);
  }
});
