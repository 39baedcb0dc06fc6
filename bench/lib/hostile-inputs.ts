/**
 * Generates malformed and hostile manifests: fuzzed CSV and XML (seeded mutations of the bundled
 * example partners' files), entity bombs and other XML attacks, wrong encodings, path-traversal
 * and otherwise nasty file names, huge lines and columns, binary garbage. Deterministic per seed.
 */
import { readFile } from 'node:fs/promises';
import { examplePaths } from '@tollkit/manifest';
import { roadManifestBytes } from './road-manifest.js';

/** One generated input. */
export interface HostileInput {
  /** Stable id (`<category>-<n>`). */
  readonly id: string;
  readonly category: HostileCategory;
  /** The file name as a partner would send it (may be hostile itself). */
  readonly fileName: string;
  /** Which example partner's profile reads it. */
  readonly format: 'csv' | 'xml';
  readonly bytes: Buffer;
}

export type HostileCategory =
  | 'csv-fuzz'
  | 'csv-structure'
  | 'csv-values'
  | 'xml-fuzz'
  | 'xml-structure'
  | 'xml-entities'
  | 'encoding'
  | 'huge'
  | 'binary'
  | 'file-name';

/** Seeded PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (r: Random, max: number) => Math.floor(r() * max);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)] as T;

/** Byte-level mutations (the classic fuzzer moves). */
function mutateBytes(r: Random, input: Buffer): Buffer {
  let b = Buffer.from(input);
  const moves = 1 + int(r, 4);
  for (let m = 0; m < moves; m++) {
    const at = int(r, Math.max(1, b.length));
    switch (int(r, 8)) {
      case 0: // flip bits
        for (let i = 0; i < 1 + int(r, 16); i++) {
          const p = int(r, b.length);
          b[p] = (b[p] ?? 0) ^ (1 << int(r, 8));
        }
        break;
      case 1: // random bytes inserted
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(r, 64) }, () => int(r, 256))), b.subarray(at)]);
        break;
      case 2: // range deleted
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(r, 200)))]);
        break;
      case 3: // truncated
        b = b.subarray(0, at);
        break;
      case 4: // range duplicated
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + 1 + int(r, 300)), b.subarray(at)]);
        break;
      case 5: // NUL bytes
        b = Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + int(r, 8)), b.subarray(at)]);
        break;
      case 6: // interesting bytes
        b = Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, ['"', "'", ';', ',', '\t', '\r', '\n', '\r\n', '<', '>', '&', ']]>', '\\', '\u00ff', '\ufeff', '%', '{{', '=']), 'utf8'), b.subarray(at)]);
        break;
      default: // chunks swapped
        {
          const len = 1 + int(r, 100);
          const other = int(r, Math.max(1, b.length - len));
          const a = Buffer.from(b.subarray(at, at + len));
          const c = Buffer.from(b.subarray(other, other + len));
          c.copy(b, at);
          a.copy(b, other);
        }
        break;
    }
  }
  return b;
}

function csvLines(bytes: Buffer): string[] {
  return bytes.toString('latin1').split('\r\n');
}
function fromLines(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** Structural CSV damage: header, quotes, delimiters, ragged rows, line endings, grouping. */
function csvStructure(r: Random, base: Buffer): Buffer {
  const lines = csvLines(base);
  const header = (lines[0] ?? '').split(';');
  const row = 1 + int(r, Math.max(1, lines.length - 2));
  const cells = (lines[row] ?? '').split(';');
  switch (int(r, 16)) {
    case 0:
      return fromLines(lines.slice(1)); // no header
    case 1:
      return fromLines([[...header, header[int(r, header.length)] ?? 'x'].join(';'), ...lines.slice(1)]); // duplicate column
    case 2:
      return fromLines([header.filter((_, i) => i !== int(r, header.length)).join(';'), ...lines.slice(1)]); // missing column
    case 3:
      return fromLines([[...header].reverse().join(';'), ...lines.slice(1)]); // shuffled header
    case 4:
      cells.splice(int(r, cells.length), 1 + int(r, 3));
      lines[row] = cells.join(';'); // ragged short
      return fromLines(lines);
    case 5:
      lines[row] = `${cells.join(';')};extra;cells;${'x;'.repeat(int(r, 50))}`; // ragged long
      return fromLines(lines);
    case 6:
      cells[int(r, cells.length)] = `"unterminated ${cells[0] ?? ''}`; // runaway quote to EOF
      lines[row] = cells.join(';');
      return fromLines(lines);
    case 7:
      cells[int(r, cells.length)] = `"a""b"c"d`; // malformed quoting
      lines[row] = cells.join(';');
      return fromLines(lines);
    case 8:
      return Buffer.from(lines.join('\r'), 'latin1'); // old Mac line endings
    case 9:
      return Buffer.from(lines.map((l, i) => (i % 2 === 0 ? l.replaceAll(';', ',') : l)).join('\n'), 'latin1'); // mixed delimiters
    case 10:
      return fromLines(lines.map((l) => l.replaceAll(';', '\t'))); // tabs instead
    case 11: {
      const shuffled = [lines[0] ?? '', ...lines.slice(1).sort(() => r() - 0.5)];
      return fromLines(shuffled); // masters no longer contiguous
    }
    case 12:
      return fromLines([...lines, ...lines.slice(1)]); // every house twice
    case 13:
      return fromLines([lines[0] ?? '', ...Array.from({ length: 200 }, () => '')]); // header + blank lines
    case 14:
      return fromLines([lines[0] ?? '', ...lines.slice(1).map((l) => `  ${l.split(';').map((c) => ` "${c}" `).join(';')}  `)]); // spaces around quotes
    default:
      return fromLines([lines[0] ?? '', ';'.repeat(header.length * 3), ...lines.slice(1)]); // empty-cells row
  }
}

const NASTY_VALUES = [
  '=cmd|\' /C calc\'!A0', '+1+1', '-2+3', '@SUM(1,1)', '\t=1', '99999999999999999999999999', '1e308', '-1', '0', 'NaN', 'Infinity', '-0',
  '1,2,3', '1 2 3 4', '１２３', '31.02.2030 25:61', '31.03.2030 02:30', '27.10.2030 02:30', '00.00.0000 00:00', '15.01.1899 12:00', '15.01.9999 23:59',
  'Fortolling\u0000', 'NO\u202E123', '\u200B', '💥', '<script>alert(1)</script>', "'; DROP TABLE manifests; --", '${jndi:ldap://127.0.0.1/x}', '../../etc/passwd',
  'x'.repeat(5_000), ' ', '""', '\\', '%s%s%s%n', '{{7*7}}', 'null', 'undefined', 'true', '__proto__', 'constructor',
];

/** Value-level damage: formulas, overflows, impossible dates, control characters, injections. */
function csvValues(r: Random, base: Buffer): Buffer {
  const lines = csvLines(base);
  for (let k = 0; k < 1 + int(r, 6); k++) {
    const row = 1 + int(r, Math.max(1, lines.length - 2));
    const cells = (lines[row] ?? '').split(';');
    cells[int(r, cells.length)] = pick(r, NASTY_VALUES).replaceAll(';', ',');
    lines[row] = cells.join(';');
  }
  // Non-Latin-1 values are written as UTF-8 into a Windows-1252 file (a classic ERP mistake).
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

function xmlStructure(r: Random, xml: string): Buffer {
  switch (int(r, 14)) {
    case 0:
      return Buffer.from(xml.replace(/<\/exp:Shipment>/, '')); // unclosed element
    case 1:
      return Buffer.from(xml.replace('</exp:Pieces>', '</exp:Weight>')); // mismatched tag
    case 2:
      return Buffer.from(`${xml}<extra/>`); // content after the root
    case 3:
      return Buffer.from(`${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`); // very deep
    case 4:
      return Buffer.from(xml.replace('<exp:Pieces>2</exp:Pieces>', `<exp:Pieces>${'<b>'.repeat(200)}2${'</b>'.repeat(200)}</exp:Pieces>`)); // deep inside a record
    case 5:
      return Buffer.from(xml.replace('<exp:Shipment ', `<exp:Shipment ${Array.from({ length: 5_000 }, (_, i) => `a${i}="${i}"`).join(' ')} `)); // many attributes
    case 6:
      return Buffer.from(xml.replace('<exp:Description>', `<exp:Description>${'<![CDATA[x]]>'.repeat(5_000)}`)); // CDATA storm
    case 7:
      return Buffer.from(xml.replace('xmlns:exp="urn:nordlys-express:manifest:2"', '')); // undeclared prefix
    case 8:
      return Buffer.from(xml.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="http://127.0.0.1:1/x.xsl"?><?php system("id"); ?>')); // PIs
    case 9:
      return Buffer.from(xml.replace(/<exp:Shipment hawb="HC001">[\s\S]*$/, '')); // cut in the middle of records
    case 10:
      return Buffer.from(xml.replaceAll(/<exp:Shipment /g, '<exp:Shipment hawb="DUP" ').replaceAll(/hawb="HC\d+"/g, '')); // repeated attribute / duplicate keys
    case 11:
      return Buffer.from(xml.replace('<exp:Description>', '<exp:Description><!-- a -- b -->')); // illegal comment
    case 12:
      return Buffer.from(`<?xml version="1.0"?><root>${'<exp:Shipment/>'.repeat(10_000)}</root>`); // wrong root, many empty records
    default:
      return Buffer.from(xml.replace('<exp:WeightKg>3.5</exp:WeightKg>', '<exp:WeightKg>3.5</exp:WeightKg><exp:WeightKg>9</exp:WeightKg>')); // repeated single element
  }
}

/** Entity expansion and external-entity attacks. */
function xmlEntities(r: Random, xml: string): Buffer {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  const root = 'exp:AWBManifest';
  switch (int(r, 8)) {
    case 0: {
      // billion laughs
      const ents = ['<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      return Buffer.from(`${decl}<!DOCTYPE ${root} [${ents.join('')}]>${body.replace('Phone cases', '&lol9;')}`);
    }
    case 1: // quadratic blow-up
      return Buffer.from(`${decl}<!DOCTYPE ${root} [<!ENTITY a "${'x'.repeat(50_000)}">]>${body.replace('Phone cases', '&a;'.repeat(2_000))}`);
    case 2: // external entity (file)
      return Buffer.from(`${decl}<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${body.replace('Phone cases', '&xxe;')}`);
    case 3: // external entity (network, loopback only)
      return Buffer.from(`${decl}<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>${body.replace('Phone cases', '&xxe;')}`);
    case 4: // parameter entities
      return Buffer.from(`${decl}<!DOCTYPE ${root} [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>${body}`);
    case 5: // external DTD
      return Buffer.from(`${decl}<!DOCTYPE ${root} SYSTEM "http://127.0.0.1:9/evil.dtd">${body}`);
    case 6: // XInclude
      return Buffer.from(xml.replace('<exp:Description>', '<exp:Description><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'));
    default: // numeric character references to invalid code points
      return Buffer.from(xml.replace('Phone cases', '&#0;&#xD800;&#x110000;&#99999999999;&unknown;'));
  }
}

/** Wrong or contradictory encodings. */
function encoding(r: Random, csv: Buffer, xml: string): { bytes: Buffer; format: 'csv' | 'xml' } {
  const text = csv.toString('latin1');
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    return le;
  };
  switch (int(r, 12)) {
    case 0:
      return { format: 'csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) };
    case 1:
      return { format: 'csv', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]) };
    case 2:
      return { format: 'csv', bytes: Buffer.from(text, 'utf16le') }; // UTF-16 without BOM
    case 3:
      return { format: 'csv', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) }; // UTF-8 BOM in a 1252 profile
    case 4:
      return { format: 'csv', bytes: Buffer.from(text, 'utf8') }; // UTF-8 without BOM
    case 5:
      return { format: 'csv', bytes: Buffer.concat([Buffer.from([0x00, 0x00, 0xfe, 0xff]), Buffer.alloc(64)]) }; // UTF-32 BOM
    case 6:
      return { format: 'xml', bytes: Buffer.from(xml.replace('Phone cases', 'Phone \xc3\x28\xa0\xa1 cases'), 'latin1') }; // invalid UTF-8
    case 7:
      return { format: 'xml', bytes: Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="EBCDIC-XYZ"')) }; // unknown declared encoding
    case 8:
      return { format: 'xml', bytes: Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')) }; // declared UTF-16, is UTF-8
    case 9:
      return { format: 'xml', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'utf16le')]) }; // BOM vs declaration
    case 10:
      return { format: 'xml', bytes: Buffer.from(xml.replace('Gadget Factory', 'Gadget Fäctory'), 'latin1') }; // Latin-1 bytes declared UTF-8
    default:
      return { format: 'csv', bytes: Buffer.from(text.replace(/ø/g, '\x81\x8d\x8f\x90\x9d'), 'latin1') }; // bytes undefined in Windows-1252
  }
}

function huge(r: Random, csv: Buffer): { bytes: Buffer; format: 'csv' | 'xml' } {
  const header = csvLines(csv)[0] ?? '';
  switch (int(r, 6)) {
    case 0:
      return { format: 'csv', bytes: Buffer.alloc(3 * 2 ** 20, 'A') }; // one 3 MiB line, no newline
    case 1:
      return { format: 'csv', bytes: Buffer.from(`${header}\r\n${'x'.repeat(2 * 2 ** 20)};${'y;'.repeat(27)}\r\n`, 'latin1') }; // a 2 MiB field
    case 2:
      return { format: 'csv', bytes: Buffer.from(`${header}${';col'.repeat(50_000)}\r\n`, 'latin1') }; // 50,000 columns
    case 3:
      return { format: 'csv', bytes: Buffer.from(`${header}\r\n"${'z'.repeat(4 * 2 ** 20)}`, 'latin1') }; // a quoted field that never ends
    case 4:
      return { format: 'xml', bytes: Buffer.from(`<?xml version="1.0"?><a b="${'c'.repeat(3 * 2 ** 20)}"/>`) }; // a 3 MiB attribute
    default:
      return { format: 'xml', bytes: Buffer.from(`<?xml version="1.0"?><exp:AWBManifest xmlns:exp="u"><exp:Flight>${'t'.repeat(3 * 2 ** 20)}</exp:Flight></exp:AWBManifest>`) };
  }
}

function binary(r: Random): Buffer {
  switch (int(r, 7)) {
    case 0:
      return Buffer.alloc(0); // empty
    case 1:
      return Buffer.from([0xef, 0xbb, 0xbf]); // BOM only
    case 2:
      return Buffer.from('\r\n\r\n\n\n');
    case 3:
      return Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'); // PNG header
    case 4:
      return Buffer.concat([Buffer.from('1f8b0800000000000003', 'hex'), Buffer.from(Array.from({ length: 512 }, () => int(r, 256)))]); // gzip
    case 5:
      return Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from(Array.from({ length: 512 }, () => int(r, 256)))]); // zip
    default:
      return Buffer.from(Array.from({ length: 1 + int(r, 64 * 1024) }, () => int(r, 256))); // random bytes
  }
}

/** Hostile file names (path traversal, control characters, reserved names, very long names …). */
export const HOSTILE_NAMES = [
  '../../../../etc/passwd.csv', '..\\..\\..\\windows\\win.ini.csv', '/etc/shadow.csv', 'a/../../../b.csv', '....//....//x.csv', '%2e%2e%2f%2e%2e%2fx.csv',
  'x.csv\u0000.txt', 'line\nbreak.csv', 'carriage\rreturn.csv', 'invoice\u202Evsc.xml', 'zero\u200Bwidth.csv', 'CON.csv', 'NUL.xml', 'aux.csv', ' leading-space.csv',
  'trailing-space.csv ', '-rf.csv', '--help.csv', '$(reboot).csv', '`id`.csv', '; rm -rf ~.csv', '|cat.csv', '*.csv', '?.xml', '..csv', '...csv', '.hidden.csv',
  `${'n'.repeat(240)}.csv`, 'ünïcødé-名前.csv', 'emoji-📦.xml', 'tab\tname.csv', 'quote"name.csv', "apos'name.xml", '<tag>.xml', 'back\\slash.csv',
] as const;

/** A name that can exist on a Linux file system (for dropping into a folder): `/` and NUL replaced. */
export function onDiskName(name: string, unique: string): string {
  let n = name.replaceAll('/', '∕').replaceAll('\u0000', '␀');
  if (n === '.' || n === '..' || n === '') n = `dot${n.length}`;
  // leave room for the adapter's claim prefix and result suffixes inside the 255-byte limit
  const ext = n.endsWith('.xml') ? '.xml' : '.csv';
  let stem = `${unique}-${n}`;
  while (Buffer.byteLength(stem) > 150) stem = stem.slice(0, -1);
  return stem.endsWith(ext) ? stem : `${stem}${ext}`;
}

/**
 * Generates `count` hostile inputs, cycling through the categories. Deterministic for a seed.
 *
 * Generated lazily (one at a time): the huge inputs are never all in memory at once.
 *
 * @example for await (const input of generateHostileInputs(1000, 42)) parse(input)
 */
export async function* generateHostileInputs(count: number, seed: number): AsyncGenerator<HostileInput> {
  const r = createRandom(seed);
  const csv = await roadManifestBytes(8, 'HOSTILE', 3);
  const xml = await readFile(examplePaths('air-express-awb').manifestPath, 'utf8');
  const categories: HostileCategory[] = ['csv-fuzz', 'csv-fuzz', 'csv-structure', 'csv-values', 'xml-fuzz', 'xml-fuzz', 'xml-structure', 'xml-entities', 'encoding', 'binary', 'file-name', 'huge'];
  for (let i = 0; i < count; i++) {
    const category = categories[i % categories.length] as HostileCategory;
    const id = `${category}-${i}`;
    let format: 'csv' | 'xml' = 'csv';
    let bytes: Buffer;
    let fileName = `${id}.csv`;
    switch (category) {
      case 'csv-fuzz':
        bytes = mutateBytes(r, csv);
        break;
      case 'csv-structure':
        bytes = csvStructure(r, csv);
        break;
      case 'csv-values':
        bytes = csvValues(r, csv);
        break;
      case 'xml-fuzz':
        format = 'xml';
        bytes = mutateBytes(r, Buffer.from(xml));
        break;
      case 'xml-structure':
        format = 'xml';
        bytes = xmlStructure(r, xml);
        break;
      case 'xml-entities':
        format = 'xml';
        bytes = xmlEntities(r, xml);
        break;
      case 'encoding':
        ({ bytes, format } = encoding(r, csv, xml));
        break;
      case 'huge':
        ({ bytes, format } = huge(r, csv));
        break;
      case 'binary':
        format = r() < 0.5 ? 'csv' : 'xml';
        bytes = binary(r);
        break;
      case 'file-name': {
        const name = pick(r, HOSTILE_NAMES);
        format = name.endsWith('.xml') ? 'xml' : 'csv';
        bytes = format === 'xml' ? mutateBytes(r, Buffer.from(xml)) : csvStructure(r, csv);
        fileName = name;
        break;
      }
    }
    if (category !== 'file-name') fileName = `${id}.${format}`;
    yield { id, category, fileName, format, bytes };
  }
}
