/**
 * Generates CSV manifests in the format of the bundled `road-forwarder-export` example partner
 * (semicolon CSV in Windows-1252, Norwegian headers, decimal commas, Oslo local times): the
 * example's own header and rows are the templates, with unique trucks, consignment notes and
 * waybills per run so every generated house is a new notification.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { examplePaths, loadMappingProfile, type MappingProfile } from '@tollkit/manifest';

/** The example partner whose profile the generated files match. */
export const ROAD_EXAMPLE = 'road-forwarder-export' as const;

/** Column indexes in the example header that the generator rewrites. */
const COL = { truck: 0, arrival: 6, master: 7, house: 8 } as const;

interface Templates {
  readonly header: string;
  readonly rows: readonly (readonly string[])[];
}

let templates: Promise<Templates> | undefined;

async function loadTemplates(): Promise<Templates> {
  const text = (await readFile(examplePaths(ROAD_EXAMPLE).manifestPath)).toString('latin1');
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const [header, ...rows] = lines;
  if (header === undefined || rows.length === 0) throw new Error(`the ${ROAD_EXAMPLE} example manifest has no rows`);
  return { header, rows: rows.map((r) => r.split(';')) };
}

/** Loads the example partner's mapping profile. */
export async function loadRoadProfile(): Promise<MappingProfile> {
  return loadMappingProfile(await readFile(examplePaths(ROAD_EXAMPLE).profilePath, 'utf8'), 'yaml');
}

/** Path of the example partner's profile file (YAML). */
export function roadProfilePath(): string {
  return examplePaths(ROAD_EXAMPLE).profilePath;
}

const osloFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `dd.MM.yyyy HH:mm` in Oslo local time, the profile's `dateTimeFormat`. */
export function osloDateTime(at: Date): string {
  const parts = Object.fromEntries(osloFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['day']}.${parts['month']}.${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

/** A short identifier unique to one benchmark run (upper case, for document numbers). */
export function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0')}`.toUpperCase();
}

/** Options of {@link generateRoadManifests}. */
export interface RoadManifestOptions {
  /** Folder the files are written to. */
  readonly dir: string;
  /** Total house consignments. */
  readonly houses: number;
  /** Houses per file (one truck per file); default 500. */
  readonly housesPerFile?: number;
  /** Houses per master consignment (consignment note); default 25. */
  readonly housesPerMaster?: number;
  /** Unique id of the run, part of every document number. */
  readonly runId: string;
  /** Scheduled arrival of every truck; default: 24 h from now. */
  readonly arrival?: Date;
  /** Prefix of the file names; default `manifest`. */
  readonly prefix?: string;
  /** Extension written (e.g. `.tmp` to rename later); default `.csv`. */
  readonly extension?: string;
}

/** One generated manifest file. */
export interface GeneratedManifest {
  readonly name: string;
  readonly path: string;
  readonly houses: number;
  readonly masters: number;
  readonly bytes: number;
}

/** Totals of a generated set. */
export interface GeneratedSet {
  readonly files: readonly GeneratedManifest[];
  readonly houses: number;
  readonly masters: number;
  readonly transports: number;
  readonly bytes: number;
}

function rowsFor(t: Templates, runId: string, fileIndex: number, from: number, to: number, housesPerMaster: number, arrival: string): string[] {
  const lines: string[] = [];
  const truck = `BN${runId}${fileIndex}`;
  for (let h = from; h < to; h++) {
    const template = t.rows[h % t.rows.length] ?? t.rows[0]!;
    const row = [...template];
    row[COL.truck] = truck;
    row[COL.arrival] = arrival;
    row[COL.master] = `SF-${runId}-${fileIndex}-${Math.floor(h / housesPerMaster)}`;
    row[COL.house] = `CMR-${runId}-${fileIndex}-${h}`;
    lines.push(row.join(';'));
  }
  return lines;
}

/**
 * Writes `houses` house consignments as road manifests into `dir`.
 *
 * @example const set = await generateRoadManifests({ dir, houses: 10_000, runId: newRunId() });
 */
export async function generateRoadManifests(options: RoadManifestOptions): Promise<GeneratedSet> {
  const t = await (templates ??= loadTemplates());
  const perFile = options.housesPerFile ?? 500;
  const perMaster = options.housesPerMaster ?? 25;
  if (!(perFile > 0 && perMaster > 0)) throw new TypeError('housesPerFile and housesPerMaster must be > 0');
  const arrival = osloDateTime(options.arrival ?? new Date(Date.now() + 24 * 3600_000));
  const files: GeneratedManifest[] = [];
  let masters = 0;
  let bytes = 0;
  for (let start = 0, index = 0; start < options.houses; start += perFile, index++) {
    const houses = Math.min(perFile, options.houses - start);
    const text = `${t.header}\r\n${rowsFor(t, options.runId, index, 0, houses, perMaster, arrival).join('\r\n')}\r\n`;
    const content = Buffer.from(text, 'latin1');
    const name = `${options.prefix ?? 'manifest'}-${options.runId}-${String(index).padStart(5, '0')}${options.extension ?? '.csv'}`;
    const path = join(options.dir, name);
    await writeFile(path, content);
    const fileMasters = Math.ceil(houses / perMaster);
    files.push({ name, path, houses, masters: fileMasters, bytes: content.byteLength });
    masters += fileMasters;
    bytes += content.byteLength;
  }
  return { files, houses: options.houses, masters, transports: files.length, bytes };
}

/** Bytes of one generated road manifest with `houses` houses (for hostile-input templates). */
export async function roadManifestBytes(houses: number, runId: string, housesPerMaster = 25): Promise<Buffer> {
  const t = await (templates ??= loadTemplates());
  const arrival = osloDateTime(new Date(Date.now() + 24 * 3600_000));
  return Buffer.from(`${t.header}\r\n${rowsFor(t, runId, 0, 0, houses, housesPerMaster, arrival).join('\r\n')}\r\n`, 'latin1');
}

/**
 * Streams one big road manifest (e.g. 1,000,000 rows) to `path` without holding it in memory.
 * Returns its size in bytes.
 */
export async function writeBigRoadManifest(path: string, rows: number, runId: string, housesPerMaster = 25): Promise<number> {
  const t = await (templates ??= loadTemplates());
  const arrival = osloDateTime(new Date(Date.now() + 24 * 3600_000));
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    const chunk = Buffer.from(text, 'latin1');
    bytes += chunk.byteLength;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(`${t.header}\r\n`);
  const batch = 5_000;
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const lines = rowsFor(t, runId, 0, start, start + n, housesPerMaster, arrival);
    await write(`${lines.join('\r\n')}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
