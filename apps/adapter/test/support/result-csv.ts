/**
 * Reads a result or routing CSV the adapter wrote in any partner convention (UTF-8 with or without
 * BOM, UTF-16 with BOM, else Windows-1252; delimiter `,` `;` tab or `|`, taken from the header line).
 */

import { decodeOutput } from '../../src/pipeline/lib/output-conventions.js';

/** The text of a result file in any convention (by its BOM, else UTF-8 when valid, else Windows-1252). */
export const decodeResultFile = (bytes: Buffer): string => decodeOutput(bytes);

/** The delimiter of a header line: the first of `,` `;` tab `|` it holds. */
export function delimiterOf(header: string): string {
  return [',', ';', '\t', '|'].find((d) => header.includes(d)) ?? ',';
}

/** One row per line after the header, keyed by column name (RFC 4180 quoting). */
export function readResultCsv(bytes: Buffer): Record<string, string>[] {
  const text = decodeResultFile(bytes);
  const lines = text.trimEnd().split('\r\n');
  const delimiter = delimiterOf(lines[0] ?? '');
  const header = (lines[0] ?? '').split(delimiter);
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          current += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else current += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === delimiter) {
        cells.push(current);
        current = '';
      } else current += ch;
    }
    cells.push(current);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Is this outbox file a routing file (`<manifest>.routing-<hash>.<ext>`, named after the partner's own manifest)? */
export const isRoutingFile = (name: string): boolean => /\.routing-[0-9a-f]+\.[a-z]+$/u.test(name);
