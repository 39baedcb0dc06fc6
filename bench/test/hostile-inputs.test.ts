import { describe, expect, it } from 'vitest';
import { HOSTILE_NAMES, generateHostileInputs, onDiskName, type HostileInput } from '../lib/hostile-inputs.js';

async function all(count: number, seed: number): Promise<HostileInput[]> {
  const out: HostileInput[] = [];
  for await (const i of generateHostileInputs(count, seed)) out.push(i);
  return out;
}

describe('hostile input generator', () => {
  it('is deterministic per seed and differs between seeds', async () => {
    const a = await all(60, 7);
    const b = await all(60, 7);
    const c = await all(60, 8);
    expect(a.map((i) => i.bytes.toString('base64'))).toEqual(b.map((i) => i.bytes.toString('base64')));
    expect(a.map((i) => i.bytes.toString('base64'))).not.toEqual(c.map((i) => i.bytes.toString('base64')));
  });

  it('covers every category with distinct inputs, including entity bombs and hostile names', async () => {
    const inputs = await all(240, 3);
    const categories = new Set(inputs.map((i) => i.category));
    expect([...categories].sort()).toEqual(['binary', 'csv-fuzz', 'csv-structure', 'csv-values', 'encoding', 'file-name', 'huge', 'xml-entities', 'xml-fuzz', 'xml-structure']);
    // the fuzzers produce a new input every time; the fixed attacks (bombs, huge lines …) repeat by design
    const fuzzed = inputs.filter((i) => i.category === 'csv-fuzz' || i.category === 'xml-fuzz');
    expect(new Set(fuzzed.map((i) => i.bytes.toString('base64'))).size).toBe(fuzzed.length);
    expect(inputs.some((i) => i.bytes.includes('<!ENTITY lol9'))).toBe(true);
    expect(inputs.some((i) => i.bytes.includes('SYSTEM "file:///etc/passwd"'))).toBe(true);
    expect(inputs.some((i) => i.category === 'file-name' && i.fileName.includes('..'))).toBe(true);
    expect(inputs.some((i) => i.bytes.byteLength >= 2 * 2 ** 20)).toBe(true);
  });

  it('makes every hostile name storable on disk, keeping its hostile part and staying short', () => {
    for (const name of HOSTILE_NAMES) {
      const stored = onDiskName(name, 'file-name-1');
      expect(stored).not.toContain('/');
      expect(stored).not.toContain('\u0000');
      expect(stored.startsWith('file-name-1-')).toBe(true);
      expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(155);
      expect(stored.endsWith('.csv') || stored.endsWith('.xml')).toBe(true);
    }
    expect(onDiskName('../../etc/passwd.csv', 'x')).toBe('x-..∕..∕etc∕passwd.csv');
  });
});
