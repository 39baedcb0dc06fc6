import { describe, expect, it } from 'vitest';
import {
  type HouseConsignmentDraft,
  type MasterConsignmentDraft,
  type TransportDraft,
  buildDeleteBody,
  buildHouseConsignment,
  buildMasterConsignment,
  buildTransport,
  formatInstant,
  readReceptacleIds,
  validateNotification,
  validateRequestBody,
} from '../src/index.js';
import { loadFixture } from './support/fixtures.js';

function draftOf<T>(body: Record<string, unknown>): T {
  const { documentIssueDate: _ignored, ...draft } = body;
  return draft as T;
}

describe('formatInstant', () => {
  it('writes yyyy-MM-ddTHH:mm:ssZ in UTC and truncates milliseconds', () => {
    expect(formatInstant(Date.UTC(2025, 2, 1, 8, 15, 0, 999))).toBe('2025-03-01T08:15:00Z');
    expect(formatInstant(new Date('2025-03-01T09:15:00+01:00'))).toBe('2025-03-01T08:15:00Z');
    expect(formatInstant(0)).toBe('1970-01-01T00:00:00Z');
  });

  it('throws TypeError for invalid dates', () => {
    expect(() => formatInstant(new Date('nope'))).toThrow(TypeError);
    expect(() => formatInstant(Number.NaN)).toThrow(TypeError);
  });
});

describe('builders', () => {
  it('buildTransport stamps documentIssueDate first and the result validates', () => {
    const draft = draftOf<TransportDraft>(loadFixture('transport-road'));
    const body = buildTransport(draft, { documentIssueDate: Date.UTC(2025, 2, 1, 8, 15, 0, 500) });
    expect(Object.keys(body)[0]).toBe('documentIssueDate');
    expect(body.documentIssueDate).toBe('2025-03-01T08:15:00Z');
    expect(validateNotification('transport', body, 'road')).toEqual({ ok: true, value: body });
  });

  it('accepts an already formatted instant and rejects a local time as misuse', () => {
    const draft = draftOf<TransportDraft>(loadFixture('transport-road'));
    expect(buildTransport(draft, { documentIssueDate: '2025-03-01T08:15:00Z' }).documentIssueDate).toBe('2025-03-01T08:15:00Z');
    expect(() => buildTransport(draft, { documentIssueDate: '2025-03-01T09:15:00+01:00' })).toThrow(TypeError);
  });

  it('drops undefined members so optional fields are absent on the wire', () => {
    const draft = draftOf<TransportDraft>(loadFixture('transport-road'));
    const withUndefined = { ...draft, representative: undefined } as unknown as TransportDraft;
    const body = buildTransport(withUndefined, { documentIssueDate: 0 });
    expect('representative' in body).toBe(false);
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it('buildHouseConsignment always sends hasOutgoingProcedure: false without an outgoing procedure', () => {
    const draft = draftOf<HouseConsignmentDraft>(loadFixture('house-postal-example-7'));
    delete draft.consignmentHouseLevel.importProcedure?.hasOutgoingProcedure;
    const body = buildHouseConsignment(draft, { documentIssueDate: new Date('2025-03-01T08:17:00Z') });
    expect(body.consignmentHouseLevel.importProcedure).toEqual({ importProcedure: 'COLLECTIVE_RELEASE', hasOutgoingProcedure: false });
    expect(validateNotification('house-consignment', body, 'air').ok).toBe(true);
  });

  it('buildHouseConsignment sends hasOutgoingProcedure: true with an outgoing procedure, correcting a contradicting draft', () => {
    const draft = draftOf<HouseConsignmentDraft>(loadFixture('house-road-example-1'));
    const procedure = draft.consignmentHouseLevel.importProcedure;
    if (procedure === undefined) throw new Error('fixture has an importProcedure');
    procedure.hasOutgoingProcedure = false;
    const body = buildHouseConsignment(draft, { documentIssueDate: 0 });
    expect(body.consignmentHouseLevel.importProcedure?.hasOutgoingProcedure).toBe(true);
    expect(body.consignmentHouseLevel.importProcedure?.outgoingProcedure).toBe('EXP');
  });

  it('buildHouseConsignment sends hasOutgoingProcedure even when the draft has no importProcedure', () => {
    const draft = draftOf<HouseConsignmentDraft>(loadFixture('house-postal-example-7'));
    delete draft.consignmentHouseLevel.importProcedure;
    const body = buildHouseConsignment(draft, { documentIssueDate: 0 });
    expect(body.consignmentHouseLevel.importProcedure).toEqual({ hasOutgoingProcedure: false });
  });

  it('buildHouseConsignment does not modify the draft', () => {
    const draft = draftOf<HouseConsignmentDraft>(loadFixture('house-postal-example-7'));
    delete draft.consignmentHouseLevel.importProcedure?.hasOutgoingProcedure;
    const before = JSON.stringify(draft);
    buildHouseConsignment(draft, { documentIssueDate: 0 });
    expect(JSON.stringify(draft)).toBe(before);
  });

  it('buildMasterConsignment writes the postal receptacle list in either uncertain shape, both valid', () => {
    const draft = draftOf<MasterConsignmentDraft>(loadFixture('master-road'));
    const ids = ['GBASFZMLBKONAUN30001001019999', 'GBASFZMLBKONAUN30001001020000'];
    const workbook = buildMasterConsignment(draft, { documentIssueDate: 0, receptacleIds: ids });
    expect(workbook.consignmentMasterLevel.consignmentHouseLevel).toEqual([
      { receptacle: ids.map((id) => ({ receptacleIdentificationNumber: id })) },
    ]);
    const vendor = buildMasterConsignment(draft, { documentIssueDate: 0, receptacleIds: ids, receptacleListShape: 'vendor' });
    expect(vendor.consignmentMasterLevel.consignmentHouseLevel).toEqual({ receptacle: [{ receptacleIdentificationNumber: ids }] });
    for (const body of [workbook, vendor]) {
      const checked = validateNotification('master-consignment', body, 'air');
      expect(checked.ok).toBe(true);
      const list = body.consignmentMasterLevel.consignmentHouseLevel;
      expect(list === undefined ? [] : readReceptacleIds(list)).toEqual(ids);
    }
  });

  it('reports a malformed receptacle list against the closer of the two shapes', () => {
    const body = loadFixture('master-road') as { consignmentMasterLevel: Record<string, unknown> };
    body.consignmentMasterLevel['consignmentHouseLevel'] = [{ receptacle: [{ receptacleIdentificationNumber: 'X'.repeat(36) }] }];
    expect(validateNotification('master-consignment', body, 'road')).toEqual({
      ok: false,
      errors: [
        {
          field: 'consignmentMasterLevel.consignmentHouseLevel[0].receptacle[0].receptacleIdentificationNumber',
          error: 'size must be between 1 and 35',
        },
      ],
    });
  });

  it('buildDeleteBody gives the DELETE body, which validates', () => {
    const body = buildDeleteBody(Date.UTC(2025, 2, 1, 10, 0, 0, 1));
    expect(body).toEqual({ documentIssueDate: '2025-03-01T10:00:00Z' });
    expect(validateRequestBody('delete', body)).toEqual({ ok: true, value: body });
    expect(validateRequestBody('delete', { documentIssueDate: '2025-03-01T11:00:00+01:00' })).toEqual({
      ok: false,
      errors: [{ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' }],
    });
    expect(validateRequestBody('delete', {})).toEqual({
      ok: false,
      errors: [{ field: 'documentIssueDate', error: 'must not be null' }],
    });
  });
});

describe('validateDraft', () => {
  it('validates a draft without documentIssueDate with the same texts and paths', async () => {
    const { validateDraft } = await import('../src/index.js');
    const draft = draftOf<HouseConsignmentDraft>(loadFixture('house-road-example-1'));
    expect(validateDraft('house-consignment', draft, 'road')).toEqual({ ok: true, value: draft });
    const bad = structuredClone(draft) as unknown as { consignmentHouseLevel: Record<string, unknown> };
    bad.consignmentHouseLevel['goodsDescription'] = '';
    expect(validateDraft('house-consignment', bad, 'road')).toEqual({
      ok: false,
      errors: [{ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' }],
    });
    expect(validateDraft('transport', draftOf<TransportDraft>(loadFixture('transport-road')), 'air')).toEqual({
      ok: false,
      errors: [{ field: 'activeBorderTransportMeans.conveyanceReferenceNumber', error: 'must not be blank' }],
    });
  });

  it('builders drop null members from drafts', () => {
    const draft = draftOf<TransportDraft>(loadFixture('transport-road'));
    const body = buildTransport({ ...draft, representative: null } as unknown as TransportDraft, { documentIssueDate: 0 });
    expect('representative' in body).toBe(false);
  });
});
