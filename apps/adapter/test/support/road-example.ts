import { readFileSync } from 'node:fs';
import { examplePaths } from '@tollkit/manifest';

/** Columns of the bundled road example (`road-forwarder-export`) by name, 0-based. */
export const ROAD_COLUMNS = { ankomst: 6, varebeskrivelse: 20, prosedyre: 23 } as const;

/** The bundled road example with `edit` applied to its rows (header = row 0), in its own encoding (Windows-1252). */
export function roadExampleWith(edit: (rows: string[][]) => void): Buffer {
  const text = readFileSync(examplePaths('road-forwarder-export').manifestPath).toString('latin1');
  const rows = text.split('\r\n').map((l) => l.split(';'));
  edit(rows);
  return Buffer.from(rows.map((r) => r.join(';')).join('\r\n'), 'latin1');
}
