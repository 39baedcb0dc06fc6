/**
 * The README's main command (`npm run demo` → runDemo): every example file ends archived with one
 * result file, and the air express houses and postal receptacles reach routing by presentation on
 * arrival (no admin arrival for their transports), shown in the summary's presented/routing columns.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/commands/run-demo.js';
import { tempRoot } from './harness.js';

describe('npm run demo', () => {
  const temp = tempRoot('tollkit-demo-');
  afterAll(() => temp.remove());

  it('shows presentation → routing end to end for air express and postal goods', { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    const ok = await runDemo({ dir: join(temp.root, 'demo-run'), out: (l) => lines.push(...l.split('\n')) });
    expect(ok, lines.slice(-12).join('\n')).toBe(true);
    const row = (partner: string) => lines.find((l) => l.startsWith(`${partner} `))?.split(/\s{2,}/);
    expect(row('air-express-arrivals')).toEqual(['air-express-arrivals', 'arrived.xml', 'archived', '-', '-', '2/2 house-consignment×2', '0', '0', 'TO_ENTRY×1 TO_CONTROL×1', '1']);
    expect(row('postal-arrivals')).toEqual(['postal-arrivals', 'arrived.csv', 'archived', '-', '-', '2/2 receptacle×2', '0', '0', 'TO_CONTROL×1 TO_ENTRY×2', '1']);
    // Their notifying partners get the same routing, without an admin arrival of their transports.
    expect(row('air-express-awb')?.slice(-2)).toEqual(['TO_ENTRY×1 TO_CONTROL×1', '1']);
    expect(row('postal-receptacles')?.slice(-2)).toEqual(['TO_CONTROL×1 TO_ENTRY×2', '1']);
    expect(lines.filter((l) => l.includes('arrived at the border') || l.includes('; it arrived')).join('\n')).not.toMatch(/air|NX0451|NO984661185/);
    expect(lines.at(-1)).toMatch(/^7 files, \d+ transports arrived, 2 arrivals presented/);
  });
});
