/**
 * Cuts decoded text into batches of whole CSV records for csv-parse, and enforces the line
 * length limit: a line over the limit is dropped (replaced by an empty line, so line numbers
 * stay right) and reported, without ever holding more than the limit in memory.
 */

export interface Batch {
  /** Text of whole lines, each ending in '\n'. */
  readonly text: string;
  /** Physical line number of the batch's first line. */
  readonly firstLine: number;
  /** Number of lines in the batch. */
  readonly lineCount: number;
  /** A line of this batch ends inside a quoted field (records may span lines). */
  readonly multiLine: boolean;
}

export interface LongLine {
  readonly line: number;
  readonly length: number;
}

const BATCH_CHARS = 256 * 1024;

export class LineBatcher {
  #pending = '';
  #dropping = false;
  #droppedLength = 0;
  #lines: string[] = [];
  #chars = 0;
  #inQuote = false;
  #multiLine = false;
  #nextLine = 1;
  #batchFirst = 1;
  #skip: number;
  readonly longLines: LongLine[] = [];

  constructor(
    private readonly maxLineLength: number,
    private readonly quote: string,
    skipLines: number,
  ) {
    this.#skip = skipLines;
  }

  /** Feeds decoded text; returns the batches that are complete. */
  push(text: string): Batch[] {
    const out: Batch[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.#endLine(text.slice(start, nl), out);
      start = nl + 1;
    }
    const rest = text.length - start;
    if (rest > 0) {
      if (this.#dropping) this.#droppedLength += rest;
      else if (this.#pending.length + rest > this.maxLineLength) {
        this.#dropping = true;
        this.#droppedLength = this.#pending.length + rest;
        this.#pending = '';
      } else {
        this.#pending += start === 0 ? text : text.slice(start);
      }
    }
    return out;
  }

  /** Ends the input; returns the last batch, if any. */
  end(): Batch[] {
    const out: Batch[] = [];
    if (this.#pending !== '' || this.#dropping) this.#endLine('', out);
    this.#flush(out);
    return out;
  }

  #endLine(tail: string, out: Batch[]): void {
    const lineNo = this.#nextLine++;
    let line: string;
    if (this.#dropping) {
      this.longLines.push({ line: lineNo, length: this.#droppedLength + tail.length });
      this.#dropping = false;
      this.#droppedLength = 0;
      line = '';
    } else {
      line = this.#pending === '' ? tail : this.#pending + tail;
      this.#pending = '';
      if (line.length > this.maxLineLength) {
        this.longLines.push({ line: lineNo, length: line.length });
        line = '';
      }
    }
    if (this.#skip > 0) {
      this.#skip--;
      this.#batchFirst = this.#nextLine;
      return;
    }
    if (line.includes(this.quote)) {
      let n = 0;
      for (let i = line.indexOf(this.quote); i !== -1; i = line.indexOf(this.quote, i + 1)) n++;
      if (n % 2 === 1) this.#inQuote = !this.#inQuote;
    }
    if (this.#inQuote) this.#multiLine = true;
    this.#lines.push(line);
    this.#chars += line.length + 1;
    // cut only between records; cut anyway when a stray quote keeps us "inside" a field too long
    if ((!this.#inQuote && this.#chars >= BATCH_CHARS) || this.#chars >= Math.max(BATCH_CHARS, this.maxLineLength) * 4) {
      this.#flush(out);
    }
  }

  #flush(out: Batch[]): void {
    if (this.#lines.length === 0) return;
    out.push({
      text: `${this.#lines.join('\n')}\n`,
      firstLine: this.#batchFirst,
      lineCount: this.#lines.length,
      multiLine: this.#multiLine,
    });
    this.#batchFirst += this.#lines.length;
    this.#lines = [];
    this.#chars = 0;
    this.#multiLine = false;
    this.#inQuote = false;
  }
}
