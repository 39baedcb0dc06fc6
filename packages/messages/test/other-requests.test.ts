import { describe, expect, it } from 'vitest';
import { validateNotification, validateRequestBody } from '../src/index.js';
import { deleteAt, loadFixture, setAt } from './support/fixtures.js';

describe('relation, presentation and arrival bodies (§7.5–§7.7, uncertain shapes)', () => {
  const relation = {
    representative: '123456789',
    parentObjectType: 'TRANSPORT',
    parentObjectReference: '24NO02091D3HAVFST5',
    childObjectType: 'MASTER_CONSIGNMENT',
    childObjectReference: '24NO02091DW4BIEST4',
  };

  it('accepts the relation example of §7.6', () => {
    expect(validateRequestBody('relation', relation)).toEqual({ ok: true, value: relation });
  });

  it('rejects an unknown object type with `Must be one of`, and a short MRN with the size text', () => {
    expect(validateRequestBody('relation', { ...relation, childObjectType: 'RECEPTACLE', parentObjectReference: '24NO02091D3HAVFST' })).toEqual({
      ok: false,
      errors: [
        { field: 'parentObjectReference', error: 'size must be between 18 and 18' },
        { field: 'childObjectType', error: 'Must be one of [TRANSPORT, MASTER_CONSIGNMENT, HOUSE_CONSIGNMENT]' },
      ],
    });
    expect(validateRequestBody('relation', { ...relation, parentObjectType: undefined })).toEqual({
      ok: false,
      errors: [{ field: 'parentObjectType', error: 'must not be null' }],
    });
  });

  it('rejects an 18-character MRN that does not look like one', () => {
    expect(validateRequestBody('relation', { ...relation, childObjectReference: '24no02091dw4biest4' })).toEqual({
      ok: false,
      errors: [{ field: 'childObjectReference', error: 'must match "^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$"' }],
    });
  });

  it('accepts the confirmed ENS presentation body and the playground house presentation', () => {
    const ens = { requestId: 'c56a4180-65aa-42ec-a945-5fd21dec0538', customsOfficeOfPresentation: 'NO351001', mrn: '23NO00000000000001' };
    expect(validateRequestBody('presentation/entry-summary-declaration', ens).ok).toBe(true);
    const house = {
      requestId: '9b2f1c1e-2f0b-4c1e-9d1e-0a4f0c6f3b21',
      transportMRN: '24NO02091D3HAVFST5',
      consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } },
    };
    expect(validateRequestBody('presentation/house-consignment', house)).toEqual({ ok: true, value: house });
  });

  it('rejects presentation bodies with a non-UUID requestId or a missing reference', () => {
    expect(
      validateRequestBody('presentation/receptacle', { requestId: 'not-a-uuid', transportMRN: '24NO02091D3HAVFST5' }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'requestId', error: 'size must be between 36 and 36' },
        { field: 'receptacleId', error: 'must not be blank' },
      ],
    });
    expect(
      validateRequestBody('presentation/master-consignment', {
        requestId: 'c56a4180-65aa-42ec-a945-5fd21dec0538',
        transportDocumentMasterLevel: { documentNumber: 'HUH34UI5HU34I' },
      }),
    ).toEqual({ ok: false, errors: [{ field: 'transportDocumentMasterLevel.type', error: 'must not be blank' }] });
    expect(
      validateRequestBody('presentation/container', {
        requestId: 'c56a4180-65aa-42ec-a945-5fd21dec0538',
        containerIdentificationNumber: 'JARU0000010',
      }).ok,
    ).toBe(true);
  });

  it('validates the arrival body with a UTC instant', () => {
    const arrival = { transportMRN: '23NO7LCOADR1DZSBT0', timeOfArrival: '2025-03-01T14:02:00Z', customsOfficeOfArrival: 'NO372001' };
    expect(validateRequestBody('arrival', arrival).ok).toBe(true);
    expect(validateRequestBody('arrival', { ...arrival, timeOfArrival: '2025-03-01T15:02:00+01:00' })).toEqual({
      ok: false,
      errors: [{ field: 'timeOfArrival', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' }],
    });
  });

  it('throws TypeError for an unknown kind, level or mode (API misuse)', () => {
    expect(() => validateRequestBody('nope' as never, {})).toThrow(TypeError);
    expect(() => validateNotification('nope' as never, {}, 'road')).toThrow(TypeError);
    expect(() => validateNotification('transport', {}, 'sea' as never)).toThrow(TypeError);
  });

  it('reports a body that is not an object without crashing', () => {
    expect(validateNotification('transport', 'hello', 'road')).toEqual({ ok: false, errors: [{ field: '', error: 'must be an object' }] });
    expect(validateNotification('transport', null, 'road')).toEqual({ ok: false, errors: [{ field: '', error: 'must not be null' }] });
  });

  it('treats null members as absent and ignores unknown members, as Customs does', () => {
    const body = loadFixture('transport-road');
    body['representative'] = null;
    body['declarant'] = { name: 'road v1 leftover' };
    const result = validateNotification('transport', body, 'road');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect('representative' in result.value).toBe(false);
      expect('declarant' in result.value).toBe(false);
    }
  });

  it('reports every problem of a body at once, including the address one-of beside a missing city', () => {
    const body = loadFixture('house-road-example-1');
    setAt(body, 'consignmentHouseLevel.consignee.name', 'N'.repeat(71));
    deleteAt(body, 'consignmentHouseLevel.consignor.address.city');
    deleteAt(body, 'consignmentHouseLevel.consignor.address.streetLine');
    expect(validateNotification('house-consignment', body, 'road')).toEqual({
      ok: false,
      errors: [
        { field: 'consignmentHouseLevel.consignor.address.city', error: 'must not be blank' },
        { field: 'consignmentHouseLevel.consignor.address', error: 'At least one of the following fields should be non null: [streetLine, poBox]' },
        { field: 'consignmentHouseLevel.consignee.name', error: 'size must be between 1 and 70' },
      ],
    });
  });
});
