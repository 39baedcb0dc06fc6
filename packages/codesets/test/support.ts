/** Test helpers: read the package's data files independently of the generated code. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export const dataUrl = (rel: string): URL => new URL(`../data/${rel}`, import.meta.url);

/** Rows of a CSV under data/ as objects keyed by the header. */
export function readCsv(rel: string): Record<string, string>[] {
  return parse(readFileSync(dataUrl(rel), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}
