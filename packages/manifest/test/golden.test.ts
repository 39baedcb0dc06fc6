import { describe, expect, it } from 'vitest';
import { diffGolden, listCases, readExpected, runCase } from './support/golden.js';

const cases = await listCases();

describe('golden cases (test/golden/<case>)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });
  for (const name of cases) {
    it(name, async () => {
      const [expected, actual] = await Promise.all([readExpected(name), runCase(name)]);
      const diffs = diffGolden(expected, actual);
      expect(diffs, `golden case ${name}:\n${diffs.join('\n')}`).toEqual([]);
    }, 120_000);
  }
});
