import { describe, expect, it } from 'vitest';
import {
  acceptedResponseSchema,
  documentStatusListSchema,
  documentStatusSchema,
  entryStatusSchema,
  masterStatusWithDescendantsSchema,
  routingFeedSchema,
  routingItemSchema,
  statusWithDescendantsSchema,
  validationErrorsResponseSchema,
  validationStatusSchema,
} from '../src/index.js';

describe('responses of docs/digitoll.md §8 and §10.3', () => {
  it('parses the 202 body (§8.1) and rejects one without requestId', () => {
    expect(acceptedResponseSchema.parse({ requestId: '1bdf0f33-f42e-48e2-b334-3944722e3fe5' })).toEqual({
      requestId: '1bdf0f33-f42e-48e2-b334-3944722e3fe5',
    });
    expect(acceptedResponseSchema.safeParse({}).success).toBe(false);
  });

  it('parses the 400 body (§8.2), with `error` optional', () => {
    const body = {
      validationErrors: [
        { field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' },
        { field: 'documentIssueDate' },
      ],
    };
    expect(validationErrorsResponseSchema.parse(body)).toEqual(body);
    expect(validationErrorsResponseSchema.safeParse({ validationErrors: [{ error: 'x' }] }).success).toBe(false);
  });

  it('parses a SUCCESS validation status (§8.3)', () => {
    const body = {
      status: 'SUCCESS',
      requestId: 'fa90bb2d-7cfd-400a-bb5a-8d5df75ae412',
      notificationDate: '2022-04-08T11:51:00Z',
      mrn: '22NO4TU2HUD59UCBT8',
      incompleteDocumentationReasonList: ['INCOMPLETE_CUDE_DOCUMENTATION'],
      validationErrorList: [],
    };
    const parsed = validationStatusSchema.parse(body);
    expect(parsed.status).toBe('SUCCESS');
    expect(parsed.mrn).toBe('22NO4TU2HUD59UCBT8');
    expect(parsed.incompleteDocumentationReasonList).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
  });

  it('parses a FAILURE validation status (§8.3) and defaults absent lists to []', () => {
    const parsed = validationStatusSchema.parse({
      status: 'FAILURE',
      requestId: '1bdf0f33-f42e-48e2-b334-3944722e3fe5',
      validationErrorList: [
        {
          description: 'Invalid code. Expected codes are one of [30, 41]',
          pointer: { messageElementPath: 'activeBorderTransportMeans.typeOfIdentification' },
        },
      ],
    });
    expect(parsed.validationErrorList[0]?.pointer?.messageElementPath).toBe('activeBorderTransportMeans.typeOfIdentification');
    expect(parsed.incompleteDocumentationReasonList).toEqual([]);
    expect(parsed.mrn).toBeUndefined();
  });

  it('is lenient: nulls, unknown fields, unknown enum values and reason codes, millisecond instants', () => {
    const parsed = validationStatusSchema.parse({
      status: 'PENDING_REVIEW',
      requestId: 'x',
      notificationDate: '2023-11-08T14:32:40.235Z',
      mrn: null,
      validationErrorList: null,
      incompleteDocumentationReasonList: ['INCOMPLETE_SOMETHING_NEW'],
      eoriValidation: { isValid: 'true', message: 'ok' },
      localReferenceNumber: 'LRN-1',
    });
    expect(parsed).toMatchObject({
      status: 'PENDING_REVIEW',
      notificationDate: '2023-11-08T14:32:40.235Z',
      validationErrorList: [],
      incompleteDocumentationReasonList: ['INCOMPLETE_SOMETHING_NEW'],
      eoriValidation: { isValid: true, message: 'ok' },
      localReferenceNumber: 'LRN-1',
    });
    expect('mrn' in parsed).toBe(false);
  });

  it('rejects a validation status without status or with a malformed instant', () => {
    expect(validationStatusSchema.safeParse({ requestId: 'x' }).success).toBe(false);
    expect(validationStatusSchema.safeParse({ status: 'SUCCESS', notificationDate: '08.04.2022 11:51' }).success).toBe(false);
  });

  it('parses document status objects and lists (§8.4, §8.5)', () => {
    expect(
      documentStatusSchema.parse({
        documentNumber: '423JI4J53IJ534I',
        type: 'N750',
        documentStatus: 'INCOMPLETE',
        incompleteDocumentationReasonList: ['INCOMPLETE_TRA_DOCUMENTATION'],
      }),
    ).toEqual({
      documentNumber: '423JI4J53IJ534I',
      type: 'N750',
      documentStatus: 'INCOMPLETE',
      incompleteDocumentationReasonList: ['INCOMPLETE_TRA_DOCUMENTATION'],
    });
    const masters = documentStatusListSchema.parse([
      { documentNumber: '111222333898758711', type: 'N741', received: false },
      { documentNumber: '9999999999999999999', type: 'N741', received: 'true' },
    ]);
    expect(masters.map((m) => m.received)).toEqual([false, true]);
  });

  it('parses status-with-descendants with numbers (§8.5)', () => {
    const parsed = statusWithDescendantsSchema.parse({
      sumOfWeightForMasterConsignments: 1200.0,
      sumOfWeightForHouseConsignments: 1185.5,
      masterConsignments: [
        {
          documentNumber: 'HUH34UI5HU34I',
          type: 'N741',
          weight: 1200.0,
          sumOfWeightForHouseConsignments: 1185.5,
          received: true,
          houseConsignments: [{ documentNumber: '423JI4J53IJ534I', type: 'N750', weight: 12.5, status: 'SUCCESS' }],
        },
      ],
    });
    expect(parsed.masterConsignments[0]?.houseConsignments[0]?.weight).toBe(12.5);
    expect(parsed.sumOfWeightForHouseConsignments).toBe(1185.5);
  });

  it('parses status-with-descendants with strings as SYS models them, normalised to numbers/booleans', () => {
    const parsed = statusWithDescendantsSchema.parse({
      sumOfWeightForMasterConsignments: '1200.0',
      sumOfWeightForHouseConsignments: '1185.5',
      masterConsignments: [
        {
          documentNumber: 'HUH34UI5HU34I',
          type: 'N741',
          weight: '1200.0',
          sumOfWeightForHouseConsignments: '1185.5',
          received: 'TRUE',
          houseConsignments: [{ documentNumber: '423JI4J53IJ534I', type: 'N750', weight: '12.5', status: 'SUCCESS' }],
        },
      ],
    });
    expect(parsed.sumOfWeightForMasterConsignments).toBe(1200);
    expect(parsed.masterConsignments[0]?.received).toBe(true);
    expect(parsed.masterConsignments[0]?.houseConsignments[0]?.weight).toBe(12.5);
    expect(statusWithDescendantsSchema.safeParse({ sumOfWeightForMasterConsignments: 'heavy' }).success).toBe(false);
  });

  it('parses the master variant of status-with-descendants (one master object)', () => {
    const parsed = masterStatusWithDescendantsSchema.parse({
      documentNumber: 'HUH34UI5HU34I',
      type: 'N741',
      weight: 1200,
      received: true,
      houseConsignments: [],
    });
    expect(parsed.weight).toBe(1200);
  });

  it('parses the entry status (§8.6) with milliseconds', () => {
    expect(
      entryStatusSchema.parse({
        validEntry: true,
        customsOfficeOfEntry: 'NO372001',
        timeOfEntry: '2023-11-08T14:32:40.235Z',
        mrn: '23NO7LCOADR1DZSBT0',
      }),
    ).toEqual({ validEntry: true, customsOfficeOfEntry: 'NO372001', timeOfEntry: '2023-11-08T14:32:40.235Z', mrn: '23NO7LCOADR1DZSBT0' });
    expect(entryStatusSchema.safeParse({ customsOfficeOfEntry: 'NO372001' }).success).toBe(false);
  });

  describe('routing items (§10.3, §17)', () => {
    const nested = {
      transportDocumentHouseLevel: { referenceNumber: 'NO100000001MU', type: 'N750' },
      entrySummaryDeclarationMRN: '23NO00000000000001',
      receptacleId: 'GBASFZMLBKONAUN30001001019999',
      routingResult: {
        id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        routing: 'TO_CONTROL',
        routingControlLocation: 'ON_ENTRY',
        documentIssueDate: '2025-03-01T14:05:12.123Z',
      },
      estimatedTimeOfArrival: '2025-03-01T14:00:00Z',
      activeBorderTransportMeans: { identificationNumber: 'AB12345', typeOfIdentification: '30' },
    };

    it('parses the nested (SYS) form', () => {
      const item = routingItemSchema.parse(nested);
      expect(item.routingResult).toEqual(nested.routingResult);
      expect(item.transportDocumentHouseLevel?.referenceNumber).toBe('NO100000001MU');
    });

    it('folds the root-level (documented) form into routingResult', () => {
      const item = routingItemSchema.parse({
        transportDocumentHouseLevel: { referenceNumber: 'HC001', type: 'N740' },
        entrySummaryDeclarationMRN: '23NO00000000000003',
        receptacleId: '',
        routing: 'TO_ENTRY',
        routingControlLocation: null,
        routingResult: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
      });
      expect(item.routingResult).toEqual({ id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', routing: 'TO_ENTRY' });
      expect('routing' in item).toBe(false);
    });

    it('prefers the nested value when both are present and keeps unknown signals', () => {
      const item = routingItemSchema.parse({ routing: 'TO_ENTRY', routingResult: { id: 'a', routing: 'DOCUMENT_CONTROL' } });
      expect(item.routingResult.routing).toBe('DOCUMENT_CONTROL');
    });

    it('parses a feed page and rejects an item without routingResult.id (no marker)', () => {
      expect(routingFeedSchema.parse([nested, nested])).toHaveLength(2);
      expect(routingFeedSchema.parse([])).toEqual([]);
      const bad = routingItemSchema.safeParse({ routing: 'TO_ENTRY' });
      expect(bad.success).toBe(false);
      expect(bad.error?.issues[0]?.path).toEqual(['routingResult', 'id']);
    });
  });
});
