import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { collectManifest, examplePaths, parseManifest, readMappingProfile } from '../src/index.js';

async function collectAll(records: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe('parseManifest', () => {
  it('reads a real file stream the same as its bytes', async () => {
    const paths = examplePaths('road-forwarder-export');
    const profile = await readMappingProfile(paths.profilePath);
    const fromBytes = await collectManifest({ bytes: await readFile(paths.manifestPath), fileName: 'manifest.csv' }, profile);
    const fromStream = await collectManifest({ stream: createReadStream(paths.manifestPath, { highWaterMark: 5 }), fileName: 'manifest.csv' }, profile);
    expect(fromStream.records).toEqual(fromBytes.records);
    expect(fromStream.report).toEqual(fromBytes.report);
    expect(fromBytes.report.ok).toBe(true);
  });

  it('splits multi-byte UTF-16 and UTF-8 characters across chunks correctly', async () => {
    const paths = examplePaths('voec-webshop');
    const profile = await readMappingProfile(paths.profilePath);
    const bytes = await readFile(paths.manifestPath);
    async function* oneByteAtATime() {
      for (const b of bytes) yield new Uint8Array([b]);
    }
    const a = await collectManifest({ bytes, fileName: 'm.csv' }, profile);
    const b = await collectManifest({ stream: oneByteAtATime(), fileName: 'm.csv' }, profile);
    expect(b.records).toEqual(a.records);
    const names = a.records.flatMap((r) => (r.level === 'house-consignment' ? [JSON.stringify(r.draft)] : []));
    expect(names.join()).toContain('Jonas Ødegård');
  });

  it('settles the report as incomplete when the consumer stops early, and closes the source', async () => {
    const paths = examplePaths('road-forwarder-export');
    const profile = await readMappingProfile(paths.profilePath);
    const stream = createReadStream(paths.manifestPath, { highWaterMark: 64 });
    const { records, report } = parseManifest({ stream, fileName: 'manifest.csv' }, profile);
    for await (const record of records) {
      expect(record.level).toBe('house-consignment');
      break;
    }
    const r = await report;
    expect(r.complete).toBe(false);
    expect(r.ok).toBe(false);
    expect(stream.destroyed).toBe(true);
  });

  it('refuses a file over maxFileBytes before reading it', async () => {
    const profile = await readMappingProfile(examplePaths('postal-receptacles').profilePath);
    const small = { ...profile, limits: { ...profile.limits, maxFileBytes: 100 } };
    const { records, report } = await collectManifest({ bytes: new Uint8Array(101), fileName: 'big.csv' }, small);
    expect(records).toEqual([]);
    expect(report.fatal).toMatchObject({ code: 'FILE_TOO_LARGE', file: 'big.csv' });
  });

  it('takes values from params (e.g. an arrival time typed in by a dispatcher)', async () => {
    const profile = await readMappingProfile(examplePaths('rail-wagons').profilePath);
    const withParam = {
      ...profile,
      transport: {
        fields: { ...profile.transport?.fields, scheduledDateAndTimeOfArrival: { param: 'arrival', type: 'datetime' as const, required: true, translateUnknown: 'error' as const } },
      },
    };
    const bytes = await readFile(examplePaths('rail-wagons').manifestPath);
    const given = await collectManifest({ bytes, fileName: 'rail.csv' }, withParam, { params: { arrival: '2030-06-01 08:00' } });
    const transport = given.records.find((r) => r.level === 'transport');
    expect(transport?.draft['scheduledDateAndTimeOfArrival']).toBe('2030-06-01T06:00:00Z');
    const missing = await collectManifest({ bytes, fileName: 'rail.csv' }, withParam);
    expect(missing.report.problems.find((p) => p.severity === 'error')?.message).toBe(
      'scheduledDateAndTimeOfArrival is required, but parameter "arrival" was not given (options.params.arrival)',
    );
  });

  it('keeps maxProblems problems in the report but counts all of them', async () => {
    const profile = await readMappingProfile(examplePaths('postal-receptacles').profilePath);
    const capped = { ...profile, limits: { ...profile.limits, maxProblems: 3 } };
    const header =
      'DeliveryBill,CarrierId,OriginPost,Receptacle,ItemId,ItemWeightKg,Contents,SenderName,SenderStreet,SenderPostcode,SenderCity,SenderCountry,AddresseeName,AddresseeStreet,AddresseePostcode,AddresseeCity,AddresseeCountry';
    const bad = Array.from({ length: 10 }, (_, i) => `GB1,NO984661185,RM,R1,NO10000000${i}MU,heavy,books,A,B,1,C,GB,D,E,0150,Oslo,NO`);
    const { records, report } = await collectManifest({ bytes: Buffer.from([header, ...bad].join('\n')), fileName: 'bad.csv' }, capped);
    expect(report.errorCount).toBe(20); // weight on the master and on the house, per row
    expect(report.problems).toHaveLength(3);
    expect(report.problemsTruncated).toBe(true);
    expect(records.filter((r) => r.level === 'house-consignment' && !r.ok)).toHaveLength(10);
  });

  it('refuses a text stream (the profile, not the stream, decides the encoding)', async () => {
    const paths = examplePaths('road-forwarder-export');
    const profile = await readMappingProfile(paths.profilePath);
    const parsed = parseManifest({ stream: createReadStream(paths.manifestPath, { encoding: 'latin1' }) as never, fileName: 'm.csv' }, profile);
    await expect(collectAll(parsed.records)).rejects.toThrow(/must yield bytes/u);
    await expect(parsed.report).rejects.toThrow(TypeError);
  });

  it('rejects misuse with TypeError', () => {
    expect(() => parseManifest({ fileName: 'x' } as never, {} as never)).toThrow(TypeError);
    expect(() => parseManifest({ bytes: new Uint8Array(1), fileName: 'x' }, { name: 'raw-json' } as never)).toThrow(/validated MappingProfile/u);
  });
});

describe('a CSV column the file does not have (issue 15)', () => {
  it('names the profile field that reads it and the nearest header names', async () => {
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    const house = profile.house.fields;
    const typo = { ...profile, house: { fields: { ...house, 'consignmentHouseLevel.goodsDescription': { ...(house['consignmentHouseLevel.goodsDescription'] as object), from: 'Varebeskrivelsen' } } } } as unknown as typeof profile;
    const bytes = await readFile(examplePaths('road-forwarder-export').manifestPath);
    const { records, report } = await collectManifest({ bytes, fileName: 'road.csv' }, typo);
    expect(records).toEqual([]);
    expect(report.problems[0]).toMatchObject({
      code: 'CSV_HEADER_MISSING_COLUMN',
      line: 1,
      column: 'Varebeskrivelsen',
      field: 'consignmentHouseLevel.goodsDescription',
    });
    expect(report.problems[0]?.message).toMatch(/^the profile reads column "Varebeskrivelsen" for consignmentHouseLevel\.goodsDescription, which the file does not have; nearest in the file: "Varebeskrivelse"; the header has: /u);
  });
});

describe('a transport or master waiting for the end of the file (issue 18: compact state)', () => {
  // The accumulator keeps the text a `same` field was read from only when its value does not give
  // it (a translated country), and a value's line only when it came after the first row: these
  // are the cases where that matters.
  async function roadFile(edit: (cells: string[], i: number) => void, rows: number): Promise<Uint8Array> {
    const paths = examplePaths('road-forwarder-export');
    const text = (await readFile(paths.manifestPath)).toString('latin1');
    const [header, first] = text.split(/\r?\n/u) as [string, string];
    const lines = [header];
    for (let i = 0; i < rows; i++) {
      const cells = first.split(';');
      cells[8] = `CMR-T-${i}`; // Fraktbrevnr: every row its own house
      edit(cells, i);
      lines.push(cells.join(';'));
    }
    return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
  }

  it('compares a translated field by its text, reports each conflicting row against the first, and places a late value at its own line', async () => {
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    // Bilens land (translated: Sverige -> SE): Sverige, Sverige, Norge, Norge, Sverige. Sjåfør empty on the first row only.
    const countries = ['Sverige', 'Sverige', 'Norge', 'Norge', 'Sverige'];
    const bytes = await roadFile((cells, i) => {
      cells[1] = countries[i] as string;
      if (i === 0) cells[2] = '';
    }, countries.length);
    const { records, report } = await collectManifest({ bytes, fileName: 'm.csv' }, profile);
    const transport = records.find((r) => r.level === 'transport');
    expect(transport?.ok).toBe(false);
    const conflicts = report.problems.filter((p) => p.code === 'GROUP_CONFLICT');
    expect(conflicts.map((p) => [p.line, p.field])).toEqual([
      [4, 'activeBorderTransportMeans.countryCode'],
      [5, 'activeBorderTransportMeans.countryCode'],
    ]);
    expect(conflicts[0]?.message).toBe('activeBorderTransportMeans.countryCode: this row says "NO", but line 2 of the same transport (AB12345@2030-01-15T13:30:00Z) says "SE"');
    expect(report.problems.filter((p) => p.code === 'VALUE_REQUIRED').map((p) => [p.line, p.field])).toEqual([[2, 'activeBorderTransportMeans.operator.name']]);
    expect((transport?.draft as { activeBorderTransportMeans: { operator: { name: string } } }).activeBorderTransportMeans.operator.name).toBe('Ola Nordmann');
    expect(transport?.sourceOf('activeBorderTransportMeans.operator.name').line).toBe(3);
    expect(transport?.sourceOf('activeBorderTransportMeans.countryCode').line).toBe(2);
  });

  it("sums a master's values, and reports each row whose text differs from the first row's", async () => {
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    // One master (same Samlefraktbrev); its grossMass sums Bruttovekt; the transport's arrival (a key) stays.
    const weights = ['1,5', '2,5', '4,0'];
    const bytes = await roadFile((cells, i) => {
      cells[22] = weights[i] as string;
      cells[3] = i === 0 ? '+47 999 99 999' : 'x'; // Sjåførtelefon: a 'same' field whose text changes
    }, weights.length);
    const { records, report } = await collectManifest({ bytes, fileName: 'm.csv' }, profile);
    const master = records.find((r) => r.level === 'master-consignment');
    expect((master?.draft as { consignmentMasterLevel: { grossMass: number } }).consignmentMasterLevel.grossMass).toBe(8);
    expect(master?.ok).toBe(true);
    const phone = report.problems.filter((p) => p.field === 'activeBorderTransportMeans.operator.communication[0].identifier');
    expect(phone.map((p) => [p.line, p.code])).toEqual([
      [3, 'GROUP_CONFLICT'],
      [4, 'GROUP_CONFLICT'],
    ]);
  });
});
