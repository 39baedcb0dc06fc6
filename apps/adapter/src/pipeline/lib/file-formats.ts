/** Small writers for the result formats (flat rows; nested lists joined with " | "). */
import { DEFAULT_OUTPUT_CONVENTIONS, type OutputConventions, type OutputDelimiter } from './output-conventions.js';

export type Cell = string | number | null;

/** A number as a spreadsheet reads it: integers as they are, decimals with the partner's separator. */
function numberText(value: number, decimalSeparator: '.' | ','): string {
  const text = String(value);
  return decimalSeparator === ',' ? text.replace('.', ',') : text;
}

/** A plain number (`-12`, `3.5`, `3,5`): a leading sign is then no formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * Neutralises spreadsheet formulas (OWASP "CSV Injection"): a `'` goes before `=`, `+`, `-`, `@`,
 * tab or CR wherever a spreadsheet may start a cell — at the start of the value, and after every
 * character some program may split on (`,` `;` tab `|`, a quote, a line end, optionally followed by
 * blanks) — so that read with ANY delimiter no cell begins with a formula. Plain numbers are left alone.
 */
export function neutraliseFormulas(text: string): string {
  if (PLAIN_NUMBER.test(text)) return text;
  let out = '';
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && ch !== ' ') {
      if (FORMULA_START.has(ch)) out += "'";
      cellStart = false;
    }
    out += ch;
    if (MAY_SPLIT.has(ch)) cellStart = true;
  }
  return out;
}

/** Characters a spreadsheet reads as the start of a formula (OWASP). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
/** Characters some program may split cells or rows on. */
const MAY_SPLIT = new Set([',', ';', '\t', '|', '"', '\r', '\n']);

function csvCell(value: Cell, delimiter: OutputDelimiter, decimalSeparator: '.' | ','): string {
  if (value === null) return '';
  const safe = typeof value === 'number' ? numberText(value, decimalSeparator) : neutraliseFormulas(value);
  // Quoted when it holds any usual delimiter, a quote or a line end (not only this file's delimiter).
  return /[",;\t|\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (without its line end) of {@link toCsv}. */
export function csvLine(cells: readonly Cell[], c: Pick<OutputConventions, 'delimiter' | 'decimalSeparator'> = DEFAULT_OUTPUT_CONVENTIONS): string {
  return cells.map((cell) => csvCell(cell, c.delimiter, c.decimalSeparator)).join(c.delimiter);
}

/** The header line of a {@link toCsv} file, with its line end (each row then follows as `csvLine` + CRLF). */
export function csvHead(columns: readonly string[], c: Pick<OutputConventions, 'delimiter'> = DEFAULT_OUTPUT_CONVENTIONS): string {
  return `${columns.join(c.delimiter)}\r\n`;
}

/** RFC 4180 CSV with a header line and CRLF line ends, in the conventions' delimiter (the BOM is the encoder's: `encodeOutput`). */
export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[], c: Pick<OutputConventions, 'delimiter' | 'decimalSeparator'> = DEFAULT_OUTPUT_CONVENTIONS): string {
  return `${csvHead(columns, c)}${rows.map((r) => `${csvLine(r, c)}\r\n`).join('')}`;
}

function xmlText(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // Characters XML 1.0 cannot carry.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
}

/** An XML element with attributes and children (already serialised) or text. */
export function xmlElement(name: string, attributes: Record<string, Cell | undefined>, content?: string | readonly string[]): string {
  const attrs = Object.entries(attributes)
    .filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');
  if (content === undefined || (Array.isArray(content) && content.length === 0)) return `<${name}${attrs}/>`;
  const inner = typeof content === 'string' ? xmlText(content) : content.join('');
  return `<${name}${attrs}>${inner}</${name}>`;
}

/** The XML declaration naming the file's encoding. */
export function xmlDeclaration(c: Pick<OutputConventions, 'encoding'> = DEFAULT_OUTPUT_CONVENTIONS): string {
  return `<?xml version="1.0" encoding="${c.encoding.toUpperCase()}"?>\n`;
}

/** How one kind of output file (result, carrier result, routing) is laid out in each result format. */
export interface FileLayout<T, L> {
  /** CSV header: one column per cell of {@link FileLayout.csvRow}. */
  readonly columns: readonly string[];
  /** The lines of the file: one CSV row each. */
  lines(value: T): readonly L[];
  csvRow(line: L, value: T): readonly Cell[];
  /** The XML document element (without the declaration). */
  xmlRoot(value: T): string;
  /** What is written as JSON; default: the value itself. */
  json?(value: T): unknown;
}

/**
 * Renders a value as JSON (pretty, 2 spaces), CSV ({@link toCsv}) or XML (declaration + document
 * element), each ending with a line end, in the conventions' delimiter and decimal separator.
 * Returns text: `encodeOutput` turns it into the file's bytes.
 */
export function renderFile<T, L>(value: T, format: 'csv' | 'json' | 'xml', layout: FileLayout<T, L>, c: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS): string {
  if (format === 'json') return `${JSON.stringify(layout.json === undefined ? value : layout.json(value), null, 2)}\n`;
  if (format === 'csv') return toCsv(layout.columns, layout.lines(value).map((line) => layout.csvRow(line, value)), c);
  return `${xmlDeclaration(c)}${layout.xmlRoot(value)}\n`;
}
