import { readFileSync } from 'node:fs';

/** One row of the playground's static presentation/routing dataset (docs/digitoll.md §11, seed 001). */
export interface DatasetRow {
  ensMrn: string;
  receptacleId: string;
  houseDocumentNumber: string;
  houseType: string;
  containerId: string;
  routing: 'TO_ENTRY' | 'TO_CONTROL';
}

const ROUTINGS = new Set(['TO_ENTRY', 'TO_CONTROL']);

/** Parses `playground.csv` (header + 6 plain comma-separated columns, no quoting). */
export function parseDataset(csv: string): DatasetRow[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = lines.shift();
  if (header?.trim() !== 'ens_mrn,receptacle_id,transport_document_house_level_document_number,transport_document_house_level_type,container_id,routing') {
    throw new TypeError('playground.csv: unexpected header');
  }
  return lines.map((line, i) => {
    const cols = line.split(',').map((c) => c.trim());
    const [ensMrn, receptacleId, houseDocumentNumber, houseType, containerId, routing] = cols;
    if (cols.length !== 6 || !ensMrn || !houseDocumentNumber || !houseType || routing === undefined || !ROUTINGS.has(routing)) {
      throw new TypeError(`playground.csv line ${i + 2}: malformed row`);
    }
    return { ensMrn, receptacleId: receptacleId ?? '', houseDocumentNumber, houseType, containerId: containerId ?? '', routing: routing as DatasetRow['routing'] };
  });
}

/** The dataset shipped with the playground (`apps/playground/data/playground.csv`). */
export const DATASET: readonly DatasetRow[] = parseDataset(readFileSync(new URL('../../data/playground.csv', import.meta.url), 'utf8'));

