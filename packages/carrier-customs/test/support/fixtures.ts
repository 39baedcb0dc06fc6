import { readFileSync } from 'node:fs';

/** Reads a JSON fixture from `test/fixtures/` (a fresh copy per call, safe to mutate). */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
