/**
 * The partner's conventions for the files the adapter writes back (result and routing files):
 * encoding, byte-order mark, CSV delimiter, decimal separator and time zone. By default a file is
 * written like the partner's manifest (a Windows-1252 `;` manifest gets a Windows-1252 `;` result
 * without BOM); the channel's `results` settings override any of them.
 */
import iconv from 'iconv-lite';
import type { ManifestRecord } from '../../store/job-store.js';
import type { PipelineDeps } from '../ports.js';

export type OutputEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';
export type OutputDelimiter = ',' | ';' | '\t' | '|';

/** How a result or routing file is written. */
export interface OutputConventions {
  readonly encoding: OutputEncoding;
  /** Byte-order mark before a CSV file (UTF-8/UTF-16 only; UTF-16 XML always gets one). */
  readonly bom: boolean;
  readonly delimiter: OutputDelimiter;
  /** Decimal separator of non-integer numbers in CSV cells. */
  readonly decimalSeparator: '.' | ',';
  /** IANA time zone instants are written in (`UTC`: `…Z`; else local time with its offset, `…+01:00`). */
  readonly timeZone: string;
}

/** What the adapter learnt about the manifest file itself while reading it (kept with the manifest). */
export interface SourceConventions {
  readonly encoding?: string | undefined;
  /** The file began with a byte-order mark. */
  readonly bom?: boolean | undefined;
  readonly delimiter?: string | undefined;
}

/** The adapter's own defaults: UTF-8 with BOM, comma, point, UTC (what it wrote before conventions existed). */
export const DEFAULT_OUTPUT_CONVENTIONS: OutputConventions = { encoding: 'utf-8', bom: true, delimiter: ',', decimalSeparator: '.', timeZone: 'UTC' };

const ENCODINGS: readonly string[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'];
const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];

function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The manifest's encoding, BOM and delimiter from its parse report (`@tollkit/manifest` `FileReport`). */
export function sourceConventionsOf(report: unknown): SourceConventions {
  const r = obj(report);
  const encoding = obj(r?.['encoding']);
  const delimiter = obj(r?.['delimiter']);
  return {
    ...(typeof encoding?.['name'] === 'string' ? { encoding: encoding['name'] } : {}),
    ...(typeof encoding?.['source'] === 'string' ? { bom: encoding['source'] === 'bom' } : {}),
    ...(typeof delimiter?.['char'] === 'string' ? { delimiter: delimiter['char'] } : {}),
  };
}

/**
 * The conventions of one output file: the channel's `results` settings, else what the manifest
 * file itself used (`source`), else the mapping profile's settings (encoding, `csv.delimiter`,
 * `numbers.decimalSeparator`, `dates.timeZone`), else {@link DEFAULT_OUTPUT_CONVENTIONS}.
 *
 * @example
 * outputConventions({ profile: roadProfile }, { encoding: 'windows-1252', bom: false, delimiter: ';' });
 * // { encoding: 'windows-1252', bom: false, delimiter: ';', decimalSeparator: ',', timeZone: 'Europe/Oslo' }
 */
export function outputConventions(
  settings: { readonly profile: unknown; readonly results?: Partial<OutputConventions> | undefined },
  source: SourceConventions | undefined,
): OutputConventions {
  const profile = obj(settings.profile);
  const wanted = settings.results ?? {};
  const profileEncoding = typeof profile?.['encoding'] === 'string' && profile['encoding'] !== 'auto' ? profile['encoding'] : undefined;
  const encodingSeen = source?.encoding ?? profileEncoding;
  const encoding = wanted.encoding ?? (encodingSeen !== undefined && ENCODINGS.includes(encodingSeen) ? (encodingSeen as OutputEncoding) : DEFAULT_OUTPUT_CONVENTIONS.encoding);
  const profileDelimiter = obj(profile?.['csv'])?.['delimiter'];
  const delimiterSeen = source?.delimiter ?? (typeof profileDelimiter === 'string' ? profileDelimiter : undefined);
  const delimiter = wanted.delimiter ?? (delimiterSeen !== undefined && DELIMITERS.includes(delimiterSeen) ? (delimiterSeen as OutputDelimiter) : DEFAULT_OUTPUT_CONVENTIONS.delimiter);
  // A BOM only where the encoding has one; like the manifest when it is known (else the default).
  const unicode = encoding.startsWith('utf-');
  const bom = unicode && (wanted.bom ?? (source?.encoding === encoding && source.bom !== undefined ? source.bom : DEFAULT_OUTPUT_CONVENTIONS.bom));
  const profileDecimal = obj(profile?.['numbers'])?.['decimalSeparator'];
  const decimalSeparator = wanted.decimalSeparator ?? (profileDecimal === ',' ? ',' : '.');
  const profileZone = obj(profile?.['dates'])?.['timeZone'];
  const timeZone = wanted.timeZone ?? (typeof profileZone === 'string' && profileZone !== '' ? profileZone : DEFAULT_OUTPUT_CONVENTIONS.timeZone);
  return { encoding, bom, delimiter, decimalSeparator, timeZone };
}

/**
 * The bytes of a text file in the conventions' encoding, with a BOM when asked for (CSV) or
 * required (UTF-16 XML). JSON is always UTF-8 without BOM (RFC 8259 §8.1). A character the encoding
 * cannot hold (e.g. `→` in Windows-1252) is written as `?`.
 */
export function encodeOutput(text: string, format: 'csv' | 'json' | 'xml', c: OutputConventions): Buffer {
  if (format === 'json') return Buffer.from(text, 'utf8');
  const bom = (format === 'csv' && c.bom) || (format === 'xml' && c.encoding.startsWith('utf-16'));
  return iconv.encode(text, c.encoding, { addBOM: bom });
}

/**
 * The text of a file written by {@link encodeOutput} (for display and checks): by its BOM, else as
 * UTF-8 when valid, else as Windows-1252.
 */
export function decodeOutput(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return iconv.decode(b.subarray(2), 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return iconv.decode(b.subarray(2), 'utf-16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return iconv.decode(b, 'windows-1252');
  }
}

const offsetFormat = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant (`yyyy-MM-ddTHH:mm:ssZ`, or anything `Date.parse` reads) in the time zone: unchanged
 * for UTC, else local time with its offset (`2030-01-15T14:30:00+01:00`). Text that is not an instant
 * is returned as it is.
 */
export function instantIn(value: string, timeZone: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return value;
  if (timeZone === 'UTC') return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let format = offsetFormat.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormat.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${offset}`;
}

/** Checks a time zone name (config validation): `undefined` when Intl knows it, else the reason. */
export function unknownTimeZone(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return undefined;
  } catch {
    return `"${timeZone}" is not an IANA time zone (e.g. Europe/Oslo, UTC)`;
  }
}

/**
 * How the partner of a manifest wants its result and routing files written: the channel's
 * `results` settings, else like the manifest file (encoding, BOM, delimiter noted while it was
 * read), else the mapping profile's settings (see `outputConventions`).
 */
export function conventionsFor(deps: Pick<PipelineDeps, 'channel'>, manifest: ManifestRecord): OutputConventions {
  const settings = deps.channel(manifest.channel)?.settings;
  const source = manifest.result?.['source'] as SourceConventions | undefined;
  return outputConventions({ profile: settings?.profile, results: settings?.results }, source);
}
