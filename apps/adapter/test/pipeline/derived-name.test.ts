/** Derived file names (issue #13 fault 5): injective parts, unsafe names refused, never shortened. */
import { describe, expect, it } from 'vitest';
import { derivedFileName, encodeNamePart, fingerprint } from '../../src/pipeline/lib/derived-name.js';

describe('derived file names', () => {
  it('different values never give the same part, and a part holds no separator', () => {
    const values = ['NGX/1', 'NGX_1', 'NGX 1', 'NGX\\1', 'NGX_2F1', 'ngx/1', 'NGX-1', 'NGX.1', 'NGX:1', 'NGX\u00e61', 'NGX\u00c61', 'NGX\u0001', ''];
    const parts = values.map(encodeNamePart);
    expect(new Set(parts).size).toBe(values.length);
    for (const p of parts) expect(p).toMatch(/^[A-Za-z0-9._-]*$/);
    expect(encodeNamePart('SHP100001')).toBe('SHP100001');
    expect(encodeNamePart('NGX/1')).toBe('NGX_2F1');
    expect(encodeNamePart('NGX_1')).toBe('NGX_5F1');
    expect(encodeNamePart('NGX 1')).toBe('NGX_201');
  });

  it('a name with ".." or over 255 bytes is refused with the reason, not altered', () => {
    expect(derivedFileName(`a.csv.customs-1-${encodeNamePart('NGX..2')}.json`)).toEqual({ ok: false, reason: 'contains ".."' });
    expect(derivedFileName(`${'x'.repeat(150)}.customs-${encodeNamePart('/'.repeat(40))}.json`)).toEqual({ ok: false, reason: 'longer than 255 bytes' });
    expect(derivedFileName('a.csv.customs-1-NGX_2F1.json')).toEqual({ ok: true, name: 'a.csv.customs-1-NGX_2F1.json' });
  });

  it('fingerprints tell lists apart whatever the values hold', () => {
    expect(fingerprint(['ab', 'c'])).not.toBe(fingerprint(['a', 'bc']));
    expect(fingerprint(['a', 'b'])).toBe(fingerprint(['a', 'b']));
    expect(fingerprint(['a'])).toMatch(/^[0-9a-f]{12}$/);
  });
});
