/**
 * Cuts decoded text into batches of whole CSV records for csv-parse, and enforces the line
 * length limit: a line over the limit is dropped and reported as its own event, without ever
 * holding more than the limit in memory.
 */

export interface Batch {
  readonly kind: 'batch';
  /** Text of whole lines, each ending in '\n'. */
  readonly text: string;
  /** Physical line number of the batch's first line. */
  readonly firstLine: number;
  /** Number of lines in the batch. */
  readonly lineCount: number;
  /** A line of this batch ends inside a quoted field (records may span lines). */
  readonly multiLine: boolean;
}

/** A line over the limit, dropped; `first` when no other line with content came before it (the header). */
export interface LongLine {
  readonly kind: 'long-line';
  readonly line: number;
  readonly length: number;
  readonly first: boolean;
}

export type BatchEvent = Batch | LongLine;

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
  #contentSeen = false;

  constructor(
    private readonly maxLineLength: number,
    private readonly quote: string,
    skipLines: number,
  ) {
    this.#skip = skipLines;
  }

  /** Feeds decoded text; returns the batches that are complete. */
  push(text: string): BatchEvent[] {
    const out: BatchEvent[] = [];
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
  end(): BatchEvent[] {
    const out: BatchEvent[] = [];
    if (this.#pending !== '' || this.#dropping) this.#endLine('', out);
    this.#flush(out);
    return out;
  }

  #endLine(tail: string, out: BatchEvent[]): void {
    const lineNo = this.#nextLine++;
    let longLength: number | undefined;
    let line: string;
    if (this.#dropping) {
      longLength = this.#droppedLength + tail.length;
      this.#dropping = false;
      this.#droppedLength = 0;
      line = '';
    } else {
      line = this.#pending === '' ? tail : this.#pending + tail;
      this.#pending = '';
      if (line.length > this.maxLineLength) longLength = line.length;
    }
    if (this.#skip > 0) {
      this.#skip--;
      this.#batchFirst = this.#nextLine;
      return;
    }
    if (longLength !== undefined) {
      // hand out what came before, then the long line; the next batch starts after it
      this.#flush(out);
      out.push({ kind: 'long-line', line: lineNo, length: longLength, first: !this.#contentSeen });
      this.#contentSeen = true;
      this.#batchFirst = this.#nextLine;
      return;
    }
    if (!this.#contentSeen && line.trim() !== '') this.#contentSeen = true;
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

  #flush(out: BatchEvent[]): void {
    if (this.#lines.length === 0) return;
    out.push({
      kind: 'batch',
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
