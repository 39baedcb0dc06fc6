import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGeneratedModules, type GeneratorSources } from '../scripts/render.js';
import { GENERATED_DIR, listFiles, readGeneratorSources } from '../scripts/sources.js';

describe('generated modules', () => {
  const sources = readGeneratorSources();

  it('src/generated/ is up to date with data/ (run `pnpm codegen` if this fails)', () => {
    const expected = renderGeneratedModules(sources);
    expect(listFiles(GENERATED_DIR)).toEqual([...expected.keys()].sort());
    for (const [rel, text] of expected) {
      expect(readFileSync(join(GENERATED_DIR, rel), 'utf8'), `src/generated/${rel} is stale`).toBe(text);
    }
  });

  it('is deterministic', () => {
    expect([...renderGeneratedModules(sources)]).toEqual([...renderGeneratedModules(sources)]);
  });
});

describe('the generator refuses malformed data with the file and line', () => {
  const base = readGeneratorSources();
  const withList = (name: string, csv: string): GeneratorSources => ({
    ...base,
    codeLists: new Map([...base.codeLists, [name, csv]]),
  });
  const cl708 = base.codeLists.get('CL708') ?? '';

  it('a duplicate code', () => {
    expect(() => renderGeneratedModules(withList('CL708', `${cl708}0,Again,Igjen\n`))).toThrow('data/CL708.csv:4: duplicate code 0');
  });

  it('a wrong header', () => {
    expect(() => renderGeneratedModules(withList('CL708', cl708.replace('description_no', 'beskrivelse')))).toThrow(
      /data\/CL708\.csv: header must be "code,description_en,description_no"/,
    );
  });

  it('a ragged row', () => {
    expect(() => renderGeneratedModules(withList('CL708', `${cl708}2,Only English\n`))).toThrow(/data\/CL708\.csv/);
  });

  it('a code with whitespace or without descriptions', () => {
    expect(() => renderGeneratedModules(withList('CL708', `${cl708} 2,x,y\n`))).toThrow(/data\/CL708\.csv:4: code " 2"/);
    expect(() => renderGeneratedModules(withList('CL708', `${cl708}2,,\n`))).toThrow('data/CL708.csv:4: code 2 has no description');
  });

  it('a CSV without metadata and metadata without a CSV', () => {
    expect(() => renderGeneratedModules(withList('CL999', 'code,description_en,description_no\n1,a,b\n'))).toThrow(
      'data/CL999.csv has no entry in data/lists.json',
    );
    const codeLists = new Map(base.codeLists);
    codeLists.delete('CL708');
    expect(() => renderGeneratedModules({ ...base, codeLists })).toThrow('data/lists.json names CL708 but data/CL708.csv is missing');
  });

  it('an export-id example that does not match its pattern', () => {
    const enumsJson = base.enumsJson.replace('"example": "24SE0123456789ABCD"', '"example": "24SE0123"');
    expect(() => renderGeneratedModules({ ...base, enumsJson })).toThrow(/example 24SE0123 does not match its pattern/);
  });

  it('a malformed country or currency row', () => {
    expect(() => renderGeneratedModules({ ...base, countriesCsv: `${base.countriesCsv}nO,Nowhere\n` })).toThrow(
      /iso-3166-1-alpha-2\.csv:251: nO is not two uppercase letters/,
    );
    expect(() => renderGeneratedModules({ ...base, currenciesCsv: `${base.currenciesCsv}ABC,Abc,coin\n` })).toThrow(/kind must be one of/);
  });
});
