import { describe, expect, it } from 'vitest';
import { validateRequestBody } from '../src/index.js';

const requestId = '3f1c1a52-5d0e-4b1f-9a3e-0c2b9d6e7f10';

// Customs, api/mo/mo-vei-endringer-v1-v2.html ("Hovedendringer" and "Fremlegging (Presentation)"): the ENS
// presentation endpoint used in ICS2 is replaced by the master-consignment endpoint, and the house's documentNumber
// replaces the legacy referenceNumber, which is still accepted for ICS2 (issue #16 item 8).
describe('presentation bodies: ICS2 (mo-vei-endringer-v1-v2, presentation)', () => {
  it('an ENS is presented through /master-consignment with entrySummaryDeclarationMRN alone', () => {
    expect(validateRequestBody('presentation/master-consignment', { requestId, customsOfficeOfPresentation: 'NO351001', entrySummaryDeclarationMRN: '23NO00000000000001' }).ok).toBe(true);
  });

  it('a master presentation needs its waybill when no ENS MRN is given', () => {
    expect(validateRequestBody('presentation/master-consignment', { requestId, customsOfficeOfPresentation: 'NO351001' })).toEqual({
      ok: false,
      errors: [{ field: 'transportDocumentMasterLevel', error: 'must not be null' }],
    });
  });

  it('a house may carry the legacy referenceNumber instead of documentNumber; one of them is required', () => {
    const house = (doc: Record<string, unknown>) => validateRequestBody('presentation/house-consignment', { requestId, consignmentHouseLevel: { transportDocumentHouseLevel: doc } });
    expect(house({ referenceNumber: 'HC002', type: 'N740' }).ok).toBe(true);
    expect(house({ documentNumber: 'HC002', type: 'N740' }).ok).toBe(true);
    expect(house({ type: 'N740' })).toEqual({ ok: false, errors: [{ field: 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber', error: 'must not be null' }] });
  });
});
