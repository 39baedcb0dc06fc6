/** Streaming CSV intake: bytes → decoded text → line batches → csv-parse → rows for the assembler. */
import { parse } from 'csv-parse/sync';
import type { MappingProfile } from '../mapping-profile-schema.js';
import type { MappedRecord } from '../types.js';
import { Assembler } from './assembler.js';
import { chooseEncoding, createDecoder } from './decode.js';
import { detectDelimiter } from './detect-delimiter.js';
import { compileFields, createConvertSettings, type BoundRef, type SourceRefValue, type SourceRow } from './fields.js';
import { LineBatcher, type Batch, type BatchEvent } from './line-batcher.js';
import type { IntakeState, ParseContext } from './intake.js';
import { keyTargetsFor } from './intake.js';
import { nearestText } from './nearest.js';
import { quote } from './problems.js';

type Cells = readonly string[];

const SNIFF_BYTES = 64 * 1024;

function normaliseHeader(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Plain-language text for csv-parse's quote errors. */
function explainCsvError(code: string | undefined, message: string): string {
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
      return `a quote character (") appears inside an unquoted value (e.g. 19" monitor): quote the whole value and double the inner quote ("19"" monitor")`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value is followed by other characters before the next delimiter (e.g. "abc"x)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed, so everything after its opening quote was read as one value';
    default:
      return `the row cannot be read as CSV (${message.replace(/ at line \d+/u, '')})`;
  }
}

/** Maps a CSV file; yields records as houses complete. Updates `state` for the report. */
export async function* mapCsv(source: AsyncIterable<Uint8Array>, ctx: ParseContext, state: IntakeState): AsyncGenerator<MappedRecord> {
  const { profile, log } = ctx;
  const limits = profile.limits;
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    // 1. sniff
    const head: Uint8Array[] = [];
    let headLength = 0;
    let done = false;
    while (headLength < SNIFF_BYTES) {
      const r = await it.next();
      if (r.done === true) {
        done = true;
        break;
      }
      head.push(r.value);
      headLength += r.value.byteLength;
      state.bytes += r.value.byteLength;
      if (state.bytes > limits.maxFileBytes) {
        log.addFatal('FILE_TOO_LARGE', {}, `the file is larger than ${limits.maxFileBytes} bytes (limits.maxFileBytes); nothing was mapped`);
        return;
      }
    }
    const headBytes = Buffer.concat(head);
    if (headBytes.byteLength === 0) {
      log.addFatal('FILE_EMPTY', {}, 'the file is empty');
      return;
    }
    const enc = chooseEncoding(headBytes, profile.encoding, 'csv', done);
    state.encoding = { name: enc.name, source: enc.source };
    for (const n of enc.notes) log.add(log.make(n.severity, 'ENCODING_SUSPECT', { line: n.line }, n.message));
    if (enc.fatal !== undefined) {
      log.addFatal('ENCODING_INVALID', {}, enc.fatal);
      return;
    }
    const decoder = createDecoder(enc.name);
    let firstText = decoder.write(headBytes.subarray(enc.bomLength));
    if (done) firstText += decoder.end();

    // 2. delimiter
    const csvOptions = profile.csv;
    let delimiter: string;
    if (csvOptions.delimiter === 'auto') {
      const d = detectDelimiter(firstText, csvOptions.skipRows, csvOptions.quote);
      if (d === undefined) {
        log.addFatal('CSV_DELIMITER_UNDETECTED', { line: csvOptions.skipRows + 1 }, 'could not tell the delimiter: the first line has no ";", ",", tab or "|"; set csv.delimiter in the profile');
        return;
      }
      delimiter = d;
      state.delimiter = { char: d, detected: true };
    } else {
      delimiter = csvOptions.delimiter;
      state.delimiter = { char: delimiter, detected: false };
    }

    // 3. rows
    const settings = createConvertSettings(profile, {
      singleByteEncoding: enc.name === 'windows-1252' || enc.name === 'iso-8859-1',
      dayShift: ctx.dayShift,
      params: ctx.params,
    });
    let assembler: Assembler<Cells> | undefined;
    state.counts = () => assembler?.counts;
    let expectedColumns = 0;
    const batcher = new LineBatcher(limits.maxLineLength, csvOptions.quote, csvOptions.skipRows);

    const startAssembler = (header: Cells | undefined, firstRow: Cells, line: number): boolean => {
      const names = new Map<string, number>();
      const duplicates = new Set<string>();
      if (header !== undefined) {
        header.forEach((h, i) => {
          const n = normaliseHeader(h);
          if (names.has(n)) duplicates.add(n);
          else names.set(n, i);
        });
      }
      const missing = new Map<string, Set<string>>();
      const used = new Set<number>();
      const miss = (ref: string, target: string): void => {
        missing.set(ref, (missing.get(ref) ?? new Set<string>()).add(target));
      };
      const bind = (ref: SourceRefValue, target: string): BoundRef<Cells> => {
        if (typeof ref === 'number') {
          const index = ref - 1;
          used.add(index);
          return { label: header?.[index] ?? `#${ref}`, read: (row) => row[index] };
        }
        if (header === undefined) {
          const m = /^#?(\d+)$/u.exec(ref);
          const index = m === null ? -1 : Number(m[1]) - 1;
          if (index < 0) miss(ref, target);
          used.add(index);
          return { label: `#${index + 1}`, read: (row) => (index < 0 ? undefined : row[index]) };
        }
        const n = normaliseHeader(ref);
        const index = names.get(n);
        if (index === undefined) miss(ref, target);
        else used.add(index);
        if (index !== undefined && duplicates.has(n)) {
          log.add(log.make('error', 'CSV_HEADER_DUPLICATE_COLUMN', { line, column: ref }, `column ${quote(ref)} appears more than once in the header; the first one is used`));
        }
        return { label: header[index ?? -1] ?? ref, read: (row) => (index === undefined ? undefined : row[index]) };
      };
      const keys = keyTargetsFor(profile);
      const compiled = {
        transport: profile.transport === undefined ? undefined : compileFields(profile, profile.transport.fields, bind, keys),
        master: profile.master === undefined ? undefined : compileFields(profile, profile.master.fields, bind, keys),
        house: compileFields(profile, profile.house.fields, bind, keys),
        goodsItem: profile.goodsItem === undefined ? undefined : compileFields(profile, profile.goodsItem.fields, bind, new Set()),
      };
      if (missing.size > 0) {
        const shown = header === undefined ? [] : header.slice(0, 30).map((h) => quote(h));
        const have =
          header === undefined
            ? `the rows have ${firstRow.length} columns`
            : `the header has: ${shown.join(', ')}${header.length > shown.length ? `, … (${header.length} columns)` : ''}`;
        for (const [m, targets] of missing) {
          const near = header === undefined ? '' : nearestText(m, header);
          log.add(
            log.make('error', 'CSV_HEADER_MISSING_COLUMN', { line, column: m, field: [...targets][0] }, `the profile reads column ${quote(m)} for ${[...targets].join(', ')}, which the file does not have${near}; ${have}`),
          );
        }
        log.addFatal('CSV_HEADER_MISSING_COLUMN', { line }, `${missing.size === 1 ? 'a column' : `${missing.size} columns`} the profile needs ${missing.size === 1 ? 'is' : 'are'} missing, so no row was mapped`);
        return false;
      }
      if (header !== undefined) {
        const unused = header.filter((h, i) => !used.has(i) && h.trim() !== '');
        if (unused.length > 0) {
          log.add(
            log.make('warning', 'CSV_COLUMNS_UNUSED', { line, value: unused.join(', ') }, `${unused.length} column${unused.length === 1 ? ' is' : 's are'} not read by the profile: ${unused.slice(0, 20).map((h) => quote(h)).join(', ')}${unused.length > 20 ? ', …' : ''} (fine if the data is not needed; a typo in the profile would show up here)`),
          );
        }
      }
      expectedColumns = header?.length ?? firstRow.length;
      assembler = new Assembler<Cells>({ profile, file: ctx.file, log, settings, validateDrafts: ctx.validateDrafts, ...compiled });
      return true;
    };

    let headerSeen = !csvOptions.header;
    const handleRecord = (cells: Cells, line: number): boolean => {
      if (cells.length > limits.maxColumns) {
        const p = { line, value: `${cells.length} columns` };
        if (!headerSeen || assembler === undefined) {
          log.addFatal('CSV_TOO_MANY_COLUMNS', p, `the ${headerSeen ? 'first row' : 'header'} has ${cells.length} columns; the limit is ${limits.maxColumns} (limits.maxColumns)`);
          return false;
        }
        state.rowsRead++;
        state.rowsRejected++;
        log.add(log.make('error', 'CSV_TOO_MANY_COLUMNS', p, `the row has ${cells.length} columns; the limit is ${limits.maxColumns} (limits.maxColumns); row skipped`));
        return true;
      }
      if (!headerSeen) {
        headerSeen = true;
        return startAssembler(cells, cells, line) || false;
      }
      if (assembler === undefined && !startAssembler(undefined, cells, line)) return false;
      state.rowsRead++;
      if (cells.length !== expectedColumns) {
        const extraEmpty = cells.length > expectedColumns && cells.slice(expectedColumns).every((c) => c.trim() === '');
        if (!extraEmpty) {
          state.rowsRejected++;
          log.add(
            log.make('error', 'CSV_RAGGED_ROW', { line, value: cells.join(delimiter) }, `the row has ${cells.length} columns but the ${csvOptions.header ? 'header' : 'first row'} has ${expectedColumns}; the row was not mapped (a missing or extra "${delimiter === '\t' ? '\\t' : delimiter}"?)`),
          );
          return true;
        }
      }
      const row: SourceRow<Cells> = { data: cells, line };
      (assembler as Assembler<Cells>).addRow(row, profile.goodsItem === undefined ? [] : [row]);
      return true;
    };

    const parseBatch = (batch: Batch): boolean => {
      let lines: string[] | undefined;
      let offset = 0;
      let text = batch.text;
      for (;;) {
        let stop = false;
        try {
          parse(text, {
            delimiter,
            quote: csvOptions.quote,
            relax_column_count: true,
            skip_empty_lines: true,
            bom: false,
            on_record: (record, context) => {
              if (stop) return null;
              let line = batch.firstLine + offset + context.lines - 1;
              if (batch.multiLine) for (const c of record) for (let i = c.indexOf('\n'); i !== -1; i = c.indexOf('\n', i + 1)) line--;
              if (!handleRecord(record, line)) stop = true;
              return null;
            },
          });
          return !stop;
        } catch (error) {
          if (stop) return false;
          const e = error as Error & { code?: string; lines?: number };
          const errLine = e.lines ?? 1;
          state.rowsRead++;
          state.rowsRejected++;
          lines ??= batch.text.split('\n');
          log.add(
            log.make('error', 'CSV_MALFORMED_ROW', { line: batch.firstLine + offset + errLine - 1, value: lines[offset + errLine - 1] }, `${explainCsvError(e.code, e.message)}; the row was skipped`),
          );
          offset += errLine;
          if (offset >= batch.lineCount) return true;
          text = `${lines.slice(offset, batch.lineCount).join('\n')}\n`;
        }
      }
    };

    const feed = (events: BatchEvent[]): boolean => {
      for (const ev of events) {
        if (ev.kind === 'batch') {
          if (!parseBatch(ev)) return false;
          continue;
        }
        const place = { line: ev.line, value: `${ev.length} characters` };
        if (ev.first && csvOptions.header) {
          log.addFatal('CSV_LINE_TOO_LONG', place, `the header (line ${ev.line}) has ${ev.length} characters; the limit is ${limits.maxLineLength} (limits.maxLineLength); nothing was mapped`);
          return false;
        }
        state.rowsRead++;
        state.rowsRejected++;
        log.add(log.make('error', 'CSV_LINE_TOO_LONG', place, `line ${ev.line} has ${ev.length} characters; the limit is ${limits.maxLineLength} (limits.maxLineLength); the line was skipped`));
      }
      return true;
    };

    if (!feed(batcher.push(firstText))) return;
    for (const r of assembler?.drain() ?? []) yield r;
    if (!done) {
      for (;;) {
        const r = await it.next();
        if (r.done === true) break;
        state.bytes += r.value.byteLength;
        if (state.bytes > limits.maxFileBytes) {
          log.addFatal('FILE_TOO_LARGE', {}, `the file is larger than ${limits.maxFileBytes} bytes (limits.maxFileBytes); reading stopped there`);
          return;
        }
        if (!feed(batcher.push(decoder.write(r.value)))) return;
        for (const rec of assembler?.drain() ?? []) yield rec;
      }
      if (!feed(batcher.push(decoder.end()))) return;
    }
    if (!feed(batcher.end())) return;
    if (!headerSeen) {
      log.addFatal('FILE_EMPTY', {}, 'the file has no header row');
      return;
    }
    const asm = assembler as Assembler<Cells> | undefined;
    if (asm !== undefined) {
      yield* asm.finish();
    }
    finished = true;
  } finally {
    if (!finished) await it.return?.();
  }
}
