/** Small writers for the result formats (flat rows; nested lists joined with " | "). */

export type Cell = string | number | null;

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  // Quote when needed; neutralise spreadsheet formulas (a value starting with = + - @ is prefixed with ').
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line (without its line end) of {@link toCsv}. */
export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',');
}

/** The start of a {@link toCsv} file: BOM and header line (each row then follows as `csvLine` + CRLF). */
export function csvHead(columns: readonly string[]): string {
  return `\uFEFF${columns.join(',')}\r\n`;
}

/** RFC 4180 CSV with a header line, CRLF line ends, UTF-8 with BOM (for spreadsheet tools). */
export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
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

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

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
 * element), each ending with a line end.
 */
export function renderFile<T, L>(value: T, format: 'csv' | 'json' | 'xml', layout: FileLayout<T, L>): string {
  if (format === 'json') return `${JSON.stringify(layout.json === undefined ? value : layout.json(value), null, 2)}\n`;
  if (format === 'csv') return toCsv(layout.columns, layout.lines(value).map((line) => layout.csvRow(line, value)));
  return `${XML_DECLARATION}${layout.xmlRoot(value)}\n`;
}
