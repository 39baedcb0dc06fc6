import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderMappingProfileJsonSchema } from '../scripts/render-json-schema.js';

describe('schema/mapping-profile.schema.json', () => {
  it('is current (regenerate with: pnpm exec tsx scripts/write-json-schema.ts)', async () => {
    const committed = await readFile(new URL('../schema/mapping-profile.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderMappingProfileJsonSchema());
  });

  it('describes the profile sections and field options', () => {
    const schema = JSON.parse(renderMappingProfileJsonSchema()) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['format', 'mode', 'levels', 'grouping', 'csv', 'xml', 'numbers', 'dates', 'translations', 'house', 'goodsItem']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'format', 'mode', 'levels', 'house']));
  });
});
