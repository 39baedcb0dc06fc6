import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { renderMappingProfileJsonSchema, renderMessageProfileJsonSchema } from '../scripts/render-json-schema.js';
import { EXAMPLE_NAMES, examplePaths } from '../src/index.js';

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

  it('enumerates the target field paths per section, so editors complete them and flag typos', async () => {
    const schema = JSON.parse(renderMappingProfileJsonSchema()) as {
      properties: Record<string, { properties: { fields: { properties: Record<string, { description: string }>; propertyNames: { pattern: string } } } }>;
    };
    const house = schema.properties['house']?.properties.fields;
    expect(house?.properties['consignmentHouseLevel.goodsDescription']?.description).toBe(
      'consignmentHouseLevel.goodsDescription: required, string, 1–512 characters (docs/fields.md)',
    );
    expect(Object.keys(house?.properties ?? {})).toContain('consignmentHouseLevel.previousDocuments[0].typeOfReference');
    const names = new RegExp(house?.propertyNames.pattern ?? '', 'u');
    expect(names.test('consignmentHouseLevel.previousDocuments[2].typeOfReference')).toBe(true);
    expect(names.test('consignmentHouseLevel.goodsDescripton')).toBe(false);
    expect(names.test('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value')).toBe(false); // goods items have their own section
    const goods = new RegExp(schema.properties['goodsItem']?.properties.fields.propertyNames.pattern ?? '', 'u');
    expect(goods.test('itemAmountInvoicedVOEC.value')).toBe(true);
    // every target of the bundled examples is known
    for (const name of EXAMPLE_NAMES) {
      const profile = parseYaml(await readFile(examplePaths(name).profilePath, 'utf8')) as Record<string, { fields?: Record<string, unknown> } | undefined>;
      for (const section of ['transport', 'master', 'house', 'goodsItem']) {
        const pattern = new RegExp(schema.properties[section]?.properties.fields.propertyNames.pattern ?? '', 'u');
        for (const target of Object.keys(profile[section]?.fields ?? {})) expect(pattern.test(target), `${name} ${section} ${target}`).toBe(true);
      }
    }
  });
});


describe('schema/message-profile.schema.json', () => {
  it('is current (regenerate with: pnpm exec tsx scripts/write-json-schema.ts)', async () => {
    const committed = await readFile(new URL('../schema/message-profile.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderMessageProfileJsonSchema());
  });

  it('has one branch per kind, each naming the fields its section may map', () => {
    const schema = JSON.parse(renderMessageProfileJsonSchema()) as {
      oneOf: { properties: Record<string, { const?: string; properties?: { fields?: { propertyNames?: { enum?: string[] } } } }>; required: string[] }[];
    };
    const byKind = Object.fromEntries(schema.oneOf.map((b) => [b.properties['kind']?.const, b]));
    expect(Object.keys(byKind)).toEqual(['presentation', 'relation', 'arrival']);
    expect(byKind['arrival']?.required).toEqual(expect.arrayContaining(['kind', 'name', 'format', 'mode', 'arrival']));
    expect(byKind['relation']?.properties['relation']?.properties?.fields?.propertyNames?.enum).toEqual([
      'parentObjectType', 'parentObjectReference', 'childObjectType', 'childObjectReference', 'representative', 'documentIssueDate',
    ]);
  });
});
