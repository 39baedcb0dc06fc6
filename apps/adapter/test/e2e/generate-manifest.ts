import { readFileSync } from 'node:fs';
import { examplePaths } from '@tollkit/manifest';

/** Keys of the notifications a generated manifest produces. */
export interface GeneratedManifest {
  readonly bytes: Buffer;
  readonly houses: readonly string[];
  readonly master: string;
  readonly plate: string;
}

/**
 * A road manifest in the bundled `road-forwarder-export` format (semicolon CSV, Windows-1252,
 * Norwegian headers) with one truck, one master and `houses` house consignments. Arrival is
 * tomorrow 14:30 Oslo time. Waybill numbers are unique per `fileNo`.
 */
/**
 * `rejectedRow(j)` true: row j (1-based) cites a TVINN declaration sequence the playground does not
 * know (99): it passes local validation and Customs rejects it asynchronously (rule B9, FAILURE with
 * the pointer `consignmentHouseLevel.previousDocuments[0]…`).
 */
export function generateRoadManifest(
  fileNo: number,
  houses: number,
  options: { arrival?: Date; tag?: string; rejectedRow?: (row: number) => boolean } = {},
): GeneratedManifest {
  const example = readFileSync(examplePaths('road-forwarder-export').manifestPath).toString('latin1');
  const [header, , template] = example.split(/\r?\n/);
  if (header === undefined || template === undefined) throw new Error('unexpected example layout');
  const cells = template.split(';');
  const arrival = options.arrival ?? new Date(Date.now() + 24 * 3600_000);
  const date = `${String(arrival.getUTCDate()).padStart(2, '0')}.${String(arrival.getUTCMonth() + 1).padStart(2, '0')}.${arrival.getUTCFullYear()} 14:30`;
  const tag = options.tag ?? 'C';
  const plate = `${tag.slice(0, 1)}X ${String(10000 + fileNo).slice(-5)}`;
  const master = `SF-${tag}-${fileNo}`;
  const keys: string[] = [];
  const lines = [header];
  for (let j = 1; j <= houses; j++) {
    const row = [...cells];
    const house = `CMR-${tag}${fileNo}-${String(j).padStart(5, '0')}`;
    row[0] = plate;
    row[6] = date;
    row[7] = master;
    row[8] = house;
    // The playground knows TVINN declaration 123456789 / 10.08.2022 with sequence numbers 1–10.
    row[26] = options.rejectedRow?.(j) === true ? '99' : String(((j - 1) % 10) + 1);
    keys.push(house);
    lines.push(row.join(';'));
  }
  return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'), houses: keys, master, plate };
}
