/**
 * Benchmark: maps a generated manifest CSV (default 1,000,000 rows) with @tollkit/manifest and
 * parses the same file with raw csv-parse, each in its own child process so peak RSS is per
 * phase. Prints `name: value unit` lines.
 *
 *   pnpm exec tsx manifest/map-csv.ts [--rows 1000000] [--keep] [--heap-cap-mb 64]
 *
 * --heap-cap-mb N runs the mapper once more with V8's old space capped at N MB: it finishes only
 * if the mapper's memory is bounded (streaming), whatever the number of rows.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../packages/manifest/node_modules/csv-parse/lib/index.js';
import { loadMappingProfile, parseManifest } from '../../packages/manifest/src/index.js';

const PROFILE = `
name: bench-road
format: csv
mode: road
levels: [transport, master-consignment, house-consignment]
encoding: utf-8
csv: { delimiter: ";" }
limits: { maxFileBytes: 4294967296 }
numbers: { decimalSeparator: ",", thousandsSeparator: " " }
dates: { timeZone: Europe/Oslo, dateTimeFormat: dd.MM.yyyy HH:mm }
translations:
  prosedyre: { Fortolling: IMMEDIATE_RELEASE_IMPORT, Transitt: TRANSIT_IMPORT }
transport:
  fields:
    activeBorderTransportMeans.identificationNumber: { from: Bilnr, removeSpaces: true }
    activeBorderTransportMeans.countryCode: { from: Land, check: country }
    activeBorderTransportMeans.operator.name: Sjåfør
    scheduledDateAndTimeOfArrival: { from: Ankomst, type: datetime, required: true }
master:
  fields:
    consignmentMasterLevel.transportDocumentMasterLevel.documentNumber: Samlefraktbrev
    consignmentMasterLevel.transportDocumentMasterLevel.type: { const: N730, codeList: CL754 }
    consignmentMasterLevel.carrier.identificationNumber: { const: NO987654321 }
    consignmentMasterLevel.grossMass: { from: Bruttovekt, type: decimal, aggregate: sum }
house:
  fields:
    consignmentHouseLevel.transportDocumentHouseLevel.documentNumber: Fraktbrevnr
    consignmentHouseLevel.transportDocumentHouseLevel.type: { const: N730, codeList: CL754 }
    consignmentHouseLevel.containerIndicator: { const: 0, type: integer }
    consignmentHouseLevel.totalGrossMass: { from: Bruttovekt, type: decimal, required: true }
    consignmentHouseLevel.numberOfPackages: { from: Kolli, type: integer, required: true }
    consignmentHouseLevel.goodsDescription: { from: Varebeskrivelse, required: true }
    consignmentHouseLevel.importProcedure.importProcedure: { from: Prosedyre, translate: prosedyre, codeList: ImportProcedure }
    consignmentHouseLevel.consignee.name: Mottaker
    consignmentHouseLevel.consignee.address.postcode: Postnr
    consignmentHouseLevel.consignee.address.city: Sted
    consignmentHouseLevel.consignee.address.country: { from: Mottakerland, check: country }
`;

const HEADER = 'Bilnr;Land;Sjåfør;Ankomst;Samlefraktbrev;Fraktbrevnr;Kolli;Bruttovekt;Varebeskrivelse;Prosedyre;Mottaker;Postnr;Sted;Mottakerland';

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${HEADER}\n`);
  const cities = ['Oslo', 'Bergen', 'Tromsø', 'Ålesund', 'Bodø'];
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const truck = Math.floor(i / 100_000);
    const day = String(1 + (truck % 28)).padStart(2, '0');
    const kg = 1 + (i % 3000);
    const weight = `${kg >= 1000 ? `${Math.floor(kg / 1000)} ${String(kg % 1000).padStart(3, '0')}` : kg},${i % 10}`;
    buf += `AB ${10000 + truck};SE;Ola Nordmann;${day}.02.2030 14:30;SF-${Math.floor(i / 1000)};CMR-${i};${1 + (i % 40)};${weight};bremseskiver til personbil;Fortolling;Mottaker ${i % 997} AS;${String(i % 9999).padStart(4, '0')};${cities[i % 5]};NO\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface PhaseResult {
  rows: number;
  records: number;
  ms: number;
  maxRssKb: number;
  errors: number;
  fatal?: string;
}

async function phase(kind: 'raw' | 'map', file: string): Promise<PhaseResult> {
  const start = performance.now();
  let rows = 0;
  let records = 0;
  let errors = 0;
  if (kind === 'raw') {
    const parser = createReadStream(file).pipe(parse({ delimiter: ';', from_line: 2, relax_column_count: true }));
    for await (const _ of parser) rows++;
    records = rows;
  } else {
    const profile = loadMappingProfile(PROFILE, 'yaml');
    const { records: it, report } = parseManifest({ stream: createReadStream(file), fileName: 'bench.csv' }, profile);
    for await (const _ of it) records++;
    const r = await report;
    rows = r.rowsRead;
    errors = r.errorCount;
    if (r.fatal !== undefined) return { rows, records, ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, errors, fatal: r.fatal.message };
  }
  return { rows, records, ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, errors };
}

const args = process.argv.slice(2);
const phaseArg = args.indexOf('--phase');
if (phaseArg !== -1) {
  const result = await phase(args[phaseArg + 1] as 'raw' | 'map', args[phaseArg + 2] as string);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rowsArg = args.indexOf('--rows');
  const rows = rowsArg === -1 ? 1_000_000 : Number(args[rowsArg + 1]);
  if (!Number.isInteger(rows) || rows < 1) throw new TypeError('--rows must be a positive integer');
  const dir = await mkdtemp(join(tmpdir(), 'tollkit-bench-manifest-'));
  try {
    const file = join(dir, 'manifest.csv');
    await generate(file, rows);
    const size = (await stat(file)).size;
    const self = fileURLToPath(import.meta.url);
    const run = (kind: 'raw' | 'map', nodeFlags: string[] = []): PhaseResult => {
      const child = spawnSync(process.execPath, [...nodeFlags, ...process.execArgv, self, '--phase', kind, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`${kind} phase failed: ${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as PhaseResult;
    };
    const raw = run('raw');
    const mapped = run('map');
    const rawRate = raw.rows / (raw.ms / 1000);
    const mapRate = mapped.rows / (mapped.ms / 1000);
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    console.log(`rows: ${rows} rows`);
    console.log(`file size: ${(size / 1024 / 1024).toFixed(1)} MB`);
    console.log(`csv-parse raw throughput: ${Math.round(rawRate)} rows/s`);
    console.log(`csv-parse raw time: ${(raw.ms / 1000).toFixed(2)} s`);
    console.log(`csv-parse raw peak RSS: ${mb(raw.maxRssKb)} MB`);
    console.log(`mapper throughput: ${Math.round(mapRate)} rows/s`);
    console.log(`mapper time: ${(mapped.ms / 1000).toFixed(2)} s`);
    console.log(`mapper peak RSS: ${mb(mapped.maxRssKb)} MB`);
    console.log(`mapper records: ${mapped.records} records`);
    console.log(`mapper errors: ${mapped.errors} problems`);
    if (mapped.fatal !== undefined) console.log(`mapper fatal: ${JSON.stringify(mapped.fatal)}`);
    console.log(`mapper/raw throughput ratio: ${(mapRate / rawRate).toFixed(3)} x`);
    console.log(`mapper/raw peak RSS ratio: ${(mapped.maxRssKb / raw.maxRssKb).toFixed(2)} x`);
    const capArg = args.indexOf('--heap-cap-mb');
    if (capArg !== -1) {
      const cap = Number(args[capArg + 1]);
      const capped = run('map', [`--max-old-space-size=${cap}`]);
      console.log(`mapper with ${cap} MB heap cap throughput: ${Math.round(capped.rows / (capped.ms / 1000))} rows/s`);
      console.log(`mapper with ${cap} MB heap cap peak RSS: ${mb(capped.maxRssKb)} MB`);
      console.log(`mapper with ${cap} MB heap cap records: ${capped.records} records`);
    }
  } finally {
    if (!args.includes('--keep')) await rm(dir, { recursive: true, force: true });
  }
}
