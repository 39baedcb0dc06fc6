import { describe, expect, it } from 'vitest';
import { chooseEncoding, firstInvalidUtf8 } from '../src/lib/decode.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('choosing the encoding', () => {
  it('follows a BOM over the profile, with a warning when they disagree', () => {
    const c = chooseEncoding(bytes(0xff, 0xfe, 0x41, 0), 'windows-1252', 'csv', true);
    expect(c).toMatchObject({ name: 'utf-16le', source: 'bom', bomLength: 2 });
    expect(c.notes[0]?.message).toMatch(/profile says windows-1252/u);
    expect(chooseEncoding(bytes(0xfe, 0xff, 0, 0x41), 'auto', 'csv', true)).toMatchObject({ name: 'utf-16be', bomLength: 2 });
    expect(chooseEncoding(bytes(0xef, 0xbb, 0xbf, 0x41), 'auto', 'csv', true)).toMatchObject({ name: 'utf-8', bomLength: 3 });
  });

  it('reads the XML declaration', () => {
    const head = new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><a/>');
    expect(chooseEncoding(head, 'auto', 'xml', true)).toMatchObject({ name: 'iso-8859-1', source: 'declaration' });
    const odd = new TextEncoder().encode('<?xml version="1.0" encoding="EBCDIC-CP-US"?><a/>');
    expect(chooseEncoding(odd, 'auto', 'xml', true).fatal).toMatch(/not supported/u);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, naming the line', () => {
    const c = chooseEncoding(bytes(0x61, 0x0a, 0x62, 0xf8, 0x0a), 'auto', 'csv', true);
    expect(c).toMatchObject({ name: 'windows-1252', source: 'fallback' });
    expect(c.notes[0]).toMatchObject({ line: 2 });
  });

  it('does not mistake a UTF-8 character cut by the sniff window for bad bytes', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xc3), false)).toBe(-1);
    expect(firstInvalidUtf8(bytes(0x61, 0xc3), true)).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc3, 0xb8), true)).toBe(-1);
    expect(firstInvalidUtf8(bytes(0xc0, 0x80), true)).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80), true)).toBe(0); // surrogate
  });
});
