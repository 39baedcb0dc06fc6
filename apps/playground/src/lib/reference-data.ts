import { readFileSync } from 'node:fs';

/**
 * The playground's stand-ins for the registers behind Customs' asynchronous checks, each a small documented CSV
 * under `apps/playground/data/reference/` (README "Reference data"):
 *
 * - `vehicle-register.csv` — Norwegian plates known to the Norwegian Public Roads Administration (B8);
 * - `export-declarations.csv` — export MRNs known to AES / EIDR and their state (A4, A5);
 * - `tvinn-declarations.csv` — TVINN declarations (declarant, date, sequence) and their state (B9, B10);
 * - `arrival-authorisations.csv` — organisations Customs authorised to use the arrival API;
 * - `transport-routing-entitlements.csv` — organisations Customs gave the transport-level routing feed.
 */
export interface ReferenceData {
  /** Registered Norwegian plates, upper case without spaces or dashes. */
  readonly vehicles: ReadonlySet<string>;
  /** Export declarations by export id. */
  readonly exports: ReadonlyMap<string, { readonly typeOfExport: string; readonly state: ExportState }>;
  /** TVINN declarations by `declarant|yyyy-MM-dd|sequence`. */
  readonly declarations: ReadonlyMap<string, DeclarationState>;
  /** Organisation numbers authorised to use the arrival API. */
  readonly arrivalAuthorised: ReadonlySet<string>;
  /** Organisation numbers entitled to the transport-level routing feed (`/routing/v1/transport`); anyone else gets 403. */
  readonly transportRoutingEntitled: ReadonlySet<string>;
}

/** RELEASED: released for export by the office of departure and not yet exited — the only state Digitoll accepts. */
export type ExportState = 'RELEASED' | 'NOT_RELEASED' | 'EXITED';
/** OPEN: a lodged declaration the goods may follow; COMPLETED / CANCELLED answer B10. */
export type DeclarationState = 'OPEN' | 'COMPLETED' | 'CANCELLED';

const EXPORT_STATES = new Set<string>(['RELEASED', 'NOT_RELEASED', 'EXITED']);
const DECLARATION_STATES = new Set<string>(['OPEN', 'COMPLETED', 'CANCELLED']);

/** Parses a small CSV (header row, plain comma-separated cells, no quoting); the header must be `columns`. */
export function parseReferenceCsv(name: string, text: string, columns: readonly string[]): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = lines.shift()?.split(',').map((c) => c.trim());
  if (header === undefined || header.join(',') !== columns.join(',')) throw new TypeError(`${name}: the header must be ${columns.join(',')}`);
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== columns.length) throw new TypeError(`${name} line ${i + 2}: ${columns.length} cells expected, got ${cells.length}`);
    return Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? '']));
  });
}

/** Normalises a plate the way the register is keyed: upper case, no spaces or dashes. */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s-]+/g, '').toUpperCase();
}

/** Key of a TVINN declaration. */
export function declarationKey(declarantNumber: string, declarationDate: string, sequenceNumber: string): string {
  return `${declarantNumber}|${declarationDate}|${sequenceNumber}`;
}

function read(file: string): string {
  return readFileSync(new URL(`../../data/reference/${file}`, import.meta.url), 'utf8');
}

/** Builds the reference data from the CSV texts (exported for tests of malformed files). */
export function buildReferenceData(texts: { vehicles: string; exports: string; declarations: string; arrival: string; transportRouting: string }): ReferenceData {
  const vehicles = new Set(parseReferenceCsv('vehicle-register.csv', texts.vehicles, ['identification_number', 'note']).map((r) => normalisePlate(r['identification_number'] ?? '')));
  const exports = new Map<string, { typeOfExport: string; state: ExportState }>();
  for (const [i, r] of parseReferenceCsv('export-declarations.csv', texts.exports, ['export_id', 'type_of_export', 'state', 'note']).entries()) {
    const state = r['state'] ?? '';
    if (!EXPORT_STATES.has(state)) throw new TypeError(`export-declarations.csv line ${i + 2}: unknown state ${state}`);
    exports.set(r['export_id'] ?? '', { typeOfExport: r['type_of_export'] ?? '', state: state as ExportState });
  }
  const declarations = new Map<string, DeclarationState>();
  const rows = parseReferenceCsv('tvinn-declarations.csv', texts.declarations, ['declarant_number', 'declaration_date', 'sequence_number', 'state', 'note']);
  for (const [i, r] of rows.entries()) {
    const state = r['state'] ?? '';
    if (!DECLARATION_STATES.has(state)) throw new TypeError(`tvinn-declarations.csv line ${i + 2}: unknown state ${state}`);
    declarations.set(declarationKey(r['declarant_number'] ?? '', r['declaration_date'] ?? '', r['sequence_number'] ?? ''), state as DeclarationState);
  }
  const organisations = (name: string, text: string) => new Set(parseReferenceCsv(name, text, ['organisation_number', 'note']).map((r) => r['organisation_number'] ?? ''));
  const arrivalAuthorised = organisations('arrival-authorisations.csv', texts.arrival);
  const transportRoutingEntitled = organisations('transport-routing-entitlements.csv', texts.transportRouting);
  return { vehicles, exports, declarations, arrivalAuthorised, transportRoutingEntitled };
}

/** The reference data shipped with the playground. */
export const REFERENCE_DATA: ReferenceData = buildReferenceData({
  vehicles: read('vehicle-register.csv'),
  exports: read('export-declarations.csv'),
  declarations: read('tvinn-declarations.csv'),
  arrival: read('arrival-authorisations.csv'),
  transportRouting: read('transport-routing-entitlements.csv'),
});
