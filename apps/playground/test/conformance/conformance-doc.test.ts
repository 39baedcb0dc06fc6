/** docs/conformance.md is generated from the case table; this fails when it is stale. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { renderConformanceTable } from './render-table.js';

describe('docs/conformance.md', () => {
  it('is what scripts/conformance-table.ts writes from cases.ts (regenerate: pnpm --filter @tollkit/playground run conformance-table)', () => {
    const file = readFileSync(fileURLToPath(new URL('../../../../docs/conformance.md', import.meta.url)), 'utf8');
    expect(file).toBe(renderConformanceTable(CASES));
  });
  it('has one row per case, and every case names its page and rule', () => {
    for (const c of CASES) {
      expect(c.source.page.length, c.id).toBeGreaterThan(0);
      expect(c.source.rule.length, c.id).toBeGreaterThan(0);
    }
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });
});
