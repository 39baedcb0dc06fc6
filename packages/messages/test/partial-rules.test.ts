/**
 * `checkNotificationRules(…, { partial: true })` judges a body that fails the synchronous checks:
 * the asynchronous rules run on the members that are there (issue 15: one pass finds everything).
 * Rules: A2 "Country is invalid" and A14 customs office (docs/digitoll/errors.md; Customs' page
 * api/mo/feilkoder.html), B3 "estimated … should be present".
 */
import { describe, expect, it } from 'vitest';
import { checkNotificationRules, validateNotification } from '../src/index.js';
import { loadFixture } from './support/fixtures.js';

const now = Date.parse('2025-03-01T09:00:00Z');

describe('partial rule checks', () => {
  it('finds the rule problems of a transport that also fails the synchronous checks, and skips what is missing', async () => {
    const body = structuredClone(loadFixture('transport-road')) as Record<string, any>;
    delete body['carrier'];
    delete body['activeBorderTransportMeans'].operator;
    delete body['estimatedDateAndTimeOfArrival'];
    body['activeBorderTransportMeans'].countryCode = 'XX';
    body['customsOfficeOfFirstEntry'].referenceNumber = 'NO999999';
    expect(validateNotification('transport', body, 'road').ok).toBe(false);
    await expect(checkNotificationRules('transport', body, 'road', { now })).rejects.toThrow(/passes validateNotification/);
    const errors = await checkNotificationRules('transport', body, 'road', { now, partial: true });
    expect(errors.map((e) => e.pointer.messageElementPath)).toEqual([
      'activeBorderTransportMeans.countryCode',
      'customsOfficeOfFirstEntry.referenceNumber',
      'estimatedDateAndTimeOfArrival',
    ]);
  });

  it('runs the procedure rules of a house without consignor, consignee or goods', async () => {
    const body = {
      consignmentHouseLevel: {
        transportDocumentHouseLevel: { documentNumber: 'X1', type: 'N730' },
        importProcedure: { importProcedure: 'TRANSIT_IMPORT', hasOutgoingProcedure: false },
        previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumber: '1' }],
      },
    };
    const errors = await checkNotificationRules('house-consignment', body, 'road', { now, partial: true });
    expect(errors.map((e) => e.pointer.messageElementPath)).toEqual([
      'consignmentHouseLevel.previousDocuments[0].declarantNumber',
      'consignmentHouseLevel.previousDocuments[0].declarationDate',
      'consignmentHouseLevel.previousDocuments[0].sequenceNumber',
    ]);
    expect(await checkNotificationRules('master-consignment', { consignmentMasterLevel: {} }, 'road', { now, partial: true })).toEqual([]);
  });
});
