/** Choosing and running the decoder for a manifest's bytes (BOM, XML declaration, UTF-8 check). */
import iconv from 'iconv-lite';

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';
export type EncodingSource = 'bom' | 'declaration' | 'profile' | 'detected' | 'fallback';

export interface EncodingChoice {
  readonly name: EncodingName;
  readonly source: EncodingSource;
  /** Bytes of byte-order mark to skip. */
  readonly bomLength: number;
  /** Notes for the report (e.g. BOM disagrees with the profile). */
  readonly notes: readonly { readonly severity: 'error' | 'warning'; readonly message: string; readonly line?: number }[];
  /** Set when the bytes cannot be decoded at all (e.g. UTF-16 without BOM in a CSV). */
  readonly fatal?: string;
}

function bomOf(head: Uint8Array): { name: EncodingName; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Index of the first byte that breaks UTF-8, or -1. A sequence cut off by the end of `bytes` is
 * not an error when `complete` is false (more bytes follow).
 */
export function firstInvalidUtf8(bytes: Uint8Array, complete: boolean): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return complete ? i : -1;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line number of byte `offset` (counting LF bytes; right for ASCII-compatible encodings). */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function looksLikeUtf16WithoutBom(head: Uint8Array): EncodingName | undefined {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

const DECLARED: Record<string, EncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

function declaredEncoding(head: Uint8Array): { name: EncodingName | undefined; label: string } | undefined {
  const text = Buffer.from(head.subarray(0, 200)).toString('latin1');
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/u.exec(text);
  if (m === null) return undefined;
  const label = (m[1] as string).toLowerCase();
  return { name: DECLARED[label], label };
}

/**
 * Picks the encoding for a file from its first bytes (`head`), the profile's `encoding` and the
 * format. Order: BOM; the profile's explicit encoding; for XML the declaration; UTF-8 if the head
 * is valid UTF-8; else Windows-1252 with a warning.
 */
export function chooseEncoding(
  head: Uint8Array,
  profileEncoding: 'auto' | EncodingName,
  format: 'csv' | 'xml',
  complete: boolean,
): EncodingChoice {
  const bom = bomOf(head);
  if (bom !== undefined) {
    const notes =
      profileEncoding !== 'auto' && profileEncoding !== bom.name
        ? [{ severity: 'warning' as const, message: `the file starts with a ${bom.name.toUpperCase()} byte-order mark but the profile says ${profileEncoding}; decoded as ${bom.name}` }]
        : [];
    return { name: bom.name, source: 'bom', bomLength: bom.length, notes };
  }
  const utf16 = looksLikeUtf16WithoutBom(head);
  if (profileEncoding !== 'auto') {
    if (utf16 !== undefined && !profileEncoding.startsWith('utf-16')) {
      return {
        name: profileEncoding,
        source: 'profile',
        bomLength: 0,
        notes: [],
        fatal: `the file looks like ${utf16.toUpperCase()} without a byte-order mark (every other byte is 0), but the profile says ${profileEncoding}; set encoding: ${utf16} in the profile`,
      };
    }
    return { name: profileEncoding, source: 'profile', bomLength: 0, notes: [] };
  }
  if (utf16 !== undefined) {
    if (format === 'xml') return { name: utf16, source: 'detected', bomLength: 0, notes: [] };
    return {
      name: utf16,
      source: 'detected',
      bomLength: 0,
      notes: [],
      fatal: `the file looks like ${utf16.toUpperCase()} without a byte-order mark (every other byte is 0); save it with a BOM or set encoding: ${utf16} in the profile`,
    };
  }
  if (format === 'xml') {
    const declared = declaredEncoding(head);
    if (declared !== undefined) {
      if (declared.name === undefined) {
        return { name: 'utf-8', source: 'declaration', bomLength: 0, notes: [], fatal: `the XML declaration names encoding "${declared.label}", which is not supported (use UTF-8, UTF-16, Windows-1252 or ISO-8859-1)` };
      }
      return { name: declared.name, source: 'declaration', bomLength: 0, notes: [] };
    }
    // XML without BOM or declaration is UTF-8 by definition; the reader checks the bytes strictly.
    return { name: 'utf-8', source: 'detected', bomLength: 0, notes: [] };
  }
  const bad = firstInvalidUtf8(head, complete);
  if (bad === -1) return { name: 'utf-8', source: 'detected', bomLength: 0, notes: [] };
  const line = lineOfByte(head, bad);
  return {
    name: 'windows-1252',
    source: 'fallback',
    bomLength: 0,
    notes: [
      {
        severity: 'warning',
        line,
        message: `byte 0x${(head[bad] as number).toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8, so the file was decoded as Windows-1252; set encoding in the profile to make this explicit`,
      },
    ],
  };
}

/** A streaming decoder for `name` (multi-byte characters split across chunks are handled). */
export function createDecoder(name: EncodingName): { write(chunk: Uint8Array): string; end(): string } {
  const decoder = iconv.getDecoder(name, { stripBOM: false });
  return {
    write: (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => decoder.end() ?? '',
  };
}
