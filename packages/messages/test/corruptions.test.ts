/**
 * Table-driven: each example of docs/digitoll.md §7, corrupted one way at a time (missing mandatory
 * field, too-long string, unknown code, local-time timestamp, wrong type), must be rejected with
 * the exact field path and Customs' error text — synchronously (400 `{field, error}`) or, where
 * Customs checks it after acceptance, asynchronously (FAILURE `{description, pointer}`).
 */
import {
  ADDITIONAL_PREVIOUS_DOCUMENT_TYPE_CODES,
  CL228_CODES,
  CL710_CODES,
  CL751_CODES,
  CL754_CODES,
  CL756_CODES,
  IMPORT_PROCEDURE_CODES,
} from '@tollkit/codesets';
import { describe, expect, it } from 'vitest';
import {
  type FieldError,
  type NotificationLevel,
  type TransportMode,
  type ValidationErrorListItem,
  checkNotificationRules,
  validateNotification,
} from '../src/index.js';
import { type FixtureName, deleteAt, loadFixture, setAt } from './support/fixtures.js';

const now = Date.parse('2025-03-01T09:00:00Z');

type Category = 'missing' | 'too-long' | 'unknown-code' | 'local-time' | 'wrong-type' | 'format' | 'rule';
type Mutation = { set: string; to: unknown } | { delete: string };
interface Case {
  category: Category;
  mutate: Mutation[];
  /** Expected synchronous errors (exactly these), or… */
  sync?: FieldError[];
  /** …expected asynchronous errors (exactly these) of a body that passes the synchronous checks. */
  async?: ValidationErrorListItem[];
}
interface Suite {
  fixture: FixtureName;
  level: NotificationLevel;
  mode: TransportMode;
  cases: Case[];
}

const set = (path: string, to: unknown): Mutation => ({ set: path, to });
const del = (path: string): Mutation => ({ delete: path });
const f = (field: string, error: string): FieldError => ({ field, error });
const a = (messageElementPath: string, description: string): ValidationErrorListItem => ({
  description,
  pointer: { messageElementPath },
});
const codes = (list: readonly string[]) => `Invalid code. Expected codes are one of [${list.join(', ')}]`;
const size = (min: number, max: number) => `size must be between ${min} and ${max}`;
const INSTANT = 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)';
const LOCAL_TIMES = ['2025-03-01T14:00:00+01:00', '2025-03-01T14:00:00'];
const ONE_OF_STREET = 'At least one of the following fields should be non null: [streetLine, poBox]';

/** The local-time corruptions of an instant field. */
function localTimes(path: string): Case[] {
  return LOCAL_TIMES.map((to) => ({ category: 'local-time' as const, mutate: [set(path, to)], sync: [f(path, INSTANT)] }));
}

const suites: Suite[] = [
  {
    fixture: 'transport-road',
    level: 'transport',
    mode: 'road',
    cases: [
      { category: 'missing', mutate: [del('carrier.address.city')], sync: [f('carrier.address.city', 'must not be blank')] },
      { category: 'missing', mutate: [del('activeBorderTransportMeans.operator')], sync: [f('activeBorderTransportMeans.operator', 'must not be null')] },
      { category: 'missing', mutate: [del('documentIssueDate')], sync: [f('documentIssueDate', 'must not be null')] },
      { category: 'missing', mutate: [del('customsOfficeOfFirstEntry')], sync: [f('customsOfficeOfFirstEntry', 'must not be null')] },
      {
        category: 'missing',
        mutate: [del('consignmentMasterLevel[0].transportDocumentMasterLevel.type')],
        sync: [f('consignmentMasterLevel[0].transportDocumentMasterLevel.type', 'must not be blank')],
      },
      {
        category: 'missing',
        mutate: [set('activeBorderTransportMeans.operator.communication', [])],
        sync: [f('activeBorderTransportMeans.operator.communication', 'must not be empty')],
      },
      { category: 'missing', mutate: [set('carrier.name', '  ')], sync: [f('carrier.name', 'must not be blank')] },
      { category: 'missing', mutate: [set('carrier.name', null)], sync: [f('carrier.name', 'must not be blank')] },
      {
        category: 'missing',
        mutate: [del('scheduledDateAndTimeOfArrival')],
        async: [a('scheduledDateAndTimeOfArrival', 'scheduledDateAndTimeOfArrival should be present')],
      },
      {
        category: 'missing',
        mutate: [del('estimatedDateAndTimeOfArrival')],
        async: [a('estimatedDateAndTimeOfArrival', 'estimatedDateAndTimeOfArrival should be present')],
      },
      { category: 'too-long', mutate: [set('carrier.name', 'N'.repeat(71))], sync: [f('carrier.name', size(1, 70))] },
      {
        category: 'too-long',
        mutate: [set('consignmentMasterLevel[0].transportDocumentMasterLevel.documentNumber', 'H'.repeat(71))],
        sync: [f('consignmentMasterLevel[0].transportDocumentMasterLevel.documentNumber', size(1, 70))],
      },
      {
        category: 'too-long',
        mutate: [set('activeBorderTransportMeans.identificationNumber', 'A'.repeat(36))],
        sync: [f('activeBorderTransportMeans.identificationNumber', size(1, 35))],
      },
      {
        category: 'too-long',
        mutate: [set('customsOfficeOfFirstEntry.referenceNumber', 'NO3710011')],
        sync: [f('customsOfficeOfFirstEntry.referenceNumber', size(8, 8))],
      },
      {
        category: 'too-long',
        mutate: [set('representative.communication[0].identifier', `${'x'.repeat(510)}@no`)],
        sync: [f('representative.communication[0].identifier', size(1, 512))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel[0].transportDocumentMasterLevel.type', 'N999')],
        async: [a('consignmentMasterLevel[0].transportDocumentMasterLevel.type', codes(CL754_CODES))],
      },
      {
        category: 'unknown-code',
        mutate: [set('activeBorderTransportMeans.typeOfMeansOfTransport', '9999')],
        async: [a('activeBorderTransportMeans.typeOfMeansOfTransport', codes(CL751_CODES))],
      },
      {
        category: 'unknown-code',
        mutate: [set('representative.communication[0].type', 'FX')],
        async: [a('representative.communication[0].type', 'Invalid code. Expected codes are one of [EM, TE]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('customsOfficeOfFirstEntry.referenceNumber', 'NO999999')],
        async: [a('customsOfficeOfFirstEntry.referenceNumber', 'Must be a valid customs office')],
      },
      {
        category: 'unknown-code',
        mutate: [set('activeBorderTransportMeans.countryCode', 'XX')],
        async: [a('activeBorderTransportMeans.countryCode', 'Country is invalid')],
      },
      {
        category: 'unknown-code',
        mutate: [set('activeBorderTransportMeans.typeOfIdentification', '99')],
        async: [
          a('activeBorderTransportMeans.typeOfIdentification', 'Invalid code. Expected codes are one of [10, 20, 21, 30, 31, 41, 80]'),
          a(
            'activeBorderTransportMeans.typeOfIdentification',
            'transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should have value 30',
          ),
        ],
      },
      {
        category: 'rule',
        mutate: [set('activeBorderTransportMeans.typeOfIdentification', '41')],
        async: [
          a(
            'activeBorderTransportMeans.typeOfIdentification',
            'transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should have value 30',
          ),
        ],
      },
      {
        category: 'rule',
        mutate: [set('activeBorderTransportMeans.conveyanceReferenceNumber', 'SK4411')],
        async: [
          a(
            'activeBorderTransportMeans.conveyanceReferenceNumber',
            'transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should not be provided',
          ),
        ],
      },
      {
        category: 'rule',
        mutate: [set('estimatedDateAndTimeOfArrival', '2025-03-01T08:59:59Z'), set('scheduledDateAndTimeOfArrival', '2025-03-01T08:59:59Z')],
        async: [a('estimatedDateAndTimeOfArrival', 'estimatedDateAndTimeOfArrival has already passed')],
      },
      {
        // mo-obligatorisk-2024-04-EN.html: at first submit (POST) estimated and scheduled must be identical.
        category: 'rule',
        mutate: [set('estimatedDateAndTimeOfArrival', '2025-03-01T10:00:00Z')],
        async: [a('estimatedDateAndTimeOfArrival', 'At first submit (POST), estimatedDateAndTimeOfArrival and scheduledDateAndTimeOfArrival must be identical')],
      },
      {
        category: 'rule',
        mutate: [set('estimatedDateAndTimeOfArrival', '2026-03-01T09:00:01Z'), set('scheduledDateAndTimeOfArrival', '2026-03-01T09:00:01Z')],
        async: [
          a('scheduledDateAndTimeOfArrival', 'scheduledDateAndTimeOfArrival cannot be more than one year into the future'),
          a('estimatedDateAndTimeOfArrival', 'estimatedDateAndTimeOfArrival cannot be more than one year into the future'),
        ],
      },
      ...localTimes('documentIssueDate'),
      ...localTimes('estimatedDateAndTimeOfArrival'),
      ...localTimes('scheduledDateAndTimeOfArrival'),
      { category: 'format', mutate: [set('documentIssueDate', '2025-03-01T08:15:00.000Z')], sync: [f('documentIssueDate', INSTANT)] },
      { category: 'format', mutate: [set('documentIssueDate', '2025-02-29T08:15:00Z')], sync: [f('documentIssueDate', INSTANT)] },
      { category: 'format', mutate: [set('documentIssueDate', '2025-03-01 08:15:00Z')], sync: [f('documentIssueDate', INSTANT)] },
      { category: 'wrong-type', mutate: [set('activeBorderTransportMeans', 'AB12345')], sync: [f('activeBorderTransportMeans', 'must be an object')] },
      {
        category: 'wrong-type',
        mutate: [set('consignmentMasterLevel', { transportDocumentMasterLevel: { documentNumber: 'X', type: 'N730' } })],
        sync: [f('consignmentMasterLevel', 'must be an array')],
      },
      { category: 'wrong-type', mutate: [set('carrier.name', 123)], sync: [f('carrier.name', 'must be a string')] },
      { category: 'wrong-type', mutate: [set('documentIssueDate', 1740816900000)], sync: [f('documentIssueDate', 'must be a string')] },
    ],
  },
  {
    fixture: 'transport-air',
    level: 'transport',
    mode: 'air',
    cases: [
      {
        category: 'missing',
        mutate: [del('activeBorderTransportMeans.conveyanceReferenceNumber')],
        sync: [f('activeBorderTransportMeans.conveyanceReferenceNumber', 'must not be blank')],
      },
      {
        category: 'too-long',
        mutate: [set('activeBorderTransportMeans.conveyanceReferenceNumber', 'SK'.repeat(9))],
        sync: [f('activeBorderTransportMeans.conveyanceReferenceNumber', size(1, 17))],
      },
      {
        category: 'unknown-code',
        mutate: [set('activeBorderTransportMeans.modeOfTransportCode', '3')],
        // The B rules read the body's own mode code, so the road rules fire as well.
        async: [
          a('activeBorderTransportMeans.modeOfTransportCode', 'Invalid code. Expected codes are one of [4]'),
          a(
            'activeBorderTransportMeans.typeOfIdentification',
            'transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should have value 30',
          ),
          a(
            'activeBorderTransportMeans.conveyanceReferenceNumber',
            'transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should not be provided',
          ),
        ],
      },
      {
        category: 'unknown-code',
        mutate: [set('activeBorderTransportMeans.typeOfIdentification', '10')],
        async: [a('activeBorderTransportMeans.typeOfIdentification', 'Invalid code. Expected codes are one of [30, 41]')],
      },
      {
        category: 'rule',
        // A road feeder service flown under a flight number: truck registration on the air API.
        mutate: [set('activeBorderTransportMeans.typeOfIdentification', '30'), set('activeBorderTransportMeans.identificationNumber', 'AB12345')],
        async: [],
      },
      ...localTimes('estimatedDateAndTimeOfArrival'),
      { category: 'wrong-type', mutate: [set('activeBorderTransportMeans.modeOfTransportCode', 4)], sync: [f('activeBorderTransportMeans.modeOfTransportCode', 'must be a string')] },
    ],
  },
  {
    fixture: 'house-road-example-1',
    level: 'house-consignment',
    mode: 'road',
    cases: [
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignor.address.city')], sync: [f('consignmentHouseLevel.consignor.address.city', 'must not be blank')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignee.address.postcode')], sync: [f('consignmentHouseLevel.consignee.address.postcode', 'must not be blank')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignor.address.streetLine')], sync: [f('consignmentHouseLevel.consignor.address', ONE_OF_STREET)] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.transportDocumentHouseLevel')], sync: [f('consignmentHouseLevel.transportDocumentHouseLevel', 'must not be null')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.totalGrossMass')], sync: [f('consignmentHouseLevel.totalGrossMass', 'must not be null')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignor.typeOfPerson')], sync: [f('consignmentHouseLevel.consignor.typeOfPerson', 'must not be null')] },
      { category: 'missing', mutate: [set('consignmentHouseLevel.goodsDescription', '')], sync: [f('consignmentHouseLevel.goodsDescription', 'must not be blank')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel')], sync: [f('consignmentHouseLevel', 'must not be null')] },
      {
        category: 'missing',
        mutate: [set('consignmentHouseLevel.containerIndicator', 1)],
        sync: [f('consignmentHouseLevel.transportEquipment', 'must not be null')],
      },
      {
        category: 'missing',
        mutate: [del('consignmentHouseLevel.previousDocuments[0].declarantNumber')],
        async: [a('consignmentHouseLevel.previousDocuments[0].declarantNumber', 'Required field when typeReference is CUDE')],
      },
      { category: 'too-long', mutate: [set('consignmentHouseLevel.goodsDescription', 'b'.repeat(513))], sync: [f('consignmentHouseLevel.goodsDescription', size(1, 512))] },
      { category: 'too-long', mutate: [set('consignmentHouseLevel.transportDocumentHouseLevel.type', 'N7300')], sync: [f('consignmentHouseLevel.transportDocumentHouseLevel.type', size(4, 4))] },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.previousDocuments[0].declarantNumber', '9131449290000')],
        sync: [f('consignmentHouseLevel.previousDocuments[0].declarantNumber', size(9, 11))],
      },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.previousDocuments[0].sequenceNumber', '1388100')],
        sync: [f('consignmentHouseLevel.previousDocuments[0].sequenceNumber', size(1, 6))],
      },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.consignee.identificationNumber', 'NO' + '9'.repeat(16))],
        sync: [f('consignmentHouseLevel.consignee.identificationNumber', size(1, 17))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.transportDocumentHouseLevel.type', 'X999')],
        async: [a('consignmentHouseLevel.transportDocumentHouseLevel.type', codes(CL754_CODES))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.importProcedure.importProcedure', 'FREE_CIRCULATION')],
        async: [a('consignmentHouseLevel.importProcedure.importProcedure', codes([...IMPORT_PROCEDURE_CODES, 'NATO_FORM_302']))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.exportFromEU[0].typeOfExport', 'UGE_EXPORT')],
        async: [a('consignmentHouseLevel.exportFromEU[0].typeOfExport', 'Invalid code. Expected codes are one of [AES_EXPORT, EUEIR_EXPORT, EIDR_EXPORT]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.previousDocuments[0].typeOfReference', 'ABCD')],
        // No longer a CUDE entry, so it also needs a referenceNumber (A20, from @tollkit/procedures).
        async: [
          a('consignmentHouseLevel.previousDocuments[0].typeOfReference', codes([...CL228_CODES, ...ADDITIONAL_PREVIOUS_DOCUMENT_TYPE_CODES])),
          a('consignmentHouseLevel.previousDocuments[0].referenceNumber', 'Field should have value unless typeOfReference is CUDE'),
        ],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.consignee.typeOfPerson', 7)],
        async: [a('consignmentHouseLevel.consignee.typeOfPerson', 'Invalid code. Expected codes are one of [1, 2, 3]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.consignor.address.country', 'SW')],
        async: [a('consignmentHouseLevel.consignor.address.country', 'Country is invalid')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.placeOfAcceptance.unloCode', 'SE-GOT')],
        async: [a('consignmentHouseLevel.placeOfAcceptance.unloCode', 'Invalid code. Expected valid UNLOCODE')],
      },
      {
        category: 'rule',
        mutate: [set('consignmentHouseLevel.placeOfDelivery', {})],
        async: [a('consignmentHouseLevel.placeOfDelivery.unloCode', 'If location AND address is not provided, then unloCode is required')],
      },
      ...localTimes('documentIssueDate'),
      {
        category: 'format',
        mutate: [set('consignmentHouseLevel.previousDocuments[0].declarationDate', '01.03.2022')],
        sync: [f('consignmentHouseLevel.previousDocuments[0].declarationDate', 'invalid ISO-8601 date (yyyy-MM-dd)')],
      },
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.numberOfPackages', 4.5)],
        sync: [f('consignmentHouseLevel.numberOfPackages', 'numeric value out of bounds (<10 digits>.<0 digits> expected)')],
      },
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.totalGrossMass', 812.1234567)],
        sync: [f('consignmentHouseLevel.totalGrossMass', 'numeric value out of bounds (<16 digits>.<6 digits> expected)')],
      },
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.totalGrossMass', 12345678901234567)],
        sync: [f('consignmentHouseLevel.totalGrossMass', 'numeric value out of bounds (<16 digits>.<6 digits> expected)')],
      },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.totalGrossMass', '812.5')], sync: [f('consignmentHouseLevel.totalGrossMass', 'must be a number')] },
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.importProcedure.hasOutgoingProcedure', 'true')],
        sync: [f('consignmentHouseLevel.importProcedure.hasOutgoingProcedure', 'must be a boolean')],
      },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.previousDocuments', {})], sync: [f('consignmentHouseLevel.previousDocuments', 'must be an array')] },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.consignor', 'Exporter AB')], sync: [f('consignmentHouseLevel.consignor', 'must be an object')] },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.containerIndicator', '0')], sync: [f('consignmentHouseLevel.containerIndicator', 'must be an integer')] },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.totalGrossMass', -1)], sync: [f('consignmentHouseLevel.totalGrossMass', 'must be greater than or equal to 0')] },
    ],
  },
  {
    fixture: 'house-postal-example-7',
    level: 'house-consignment',
    mode: 'air',
    cases: [
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignee.address.poBox')], sync: [f('consignmentHouseLevel.consignee.address', ONE_OF_STREET)] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.numberOfPackages')], sync: [f('consignmentHouseLevel.numberOfPackages', 'must not be null')] },
      { category: 'missing', mutate: [del('consignmentHouseLevel.consignee')], sync: [f('consignmentHouseLevel.consignee', 'must not be null')] },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.receptacleIdentificationNumber', 'GBASFZMLBKONAUN300010010199990000000')],
        sync: [f('consignmentHouseLevel.receptacleIdentificationNumber', size(1, 35))],
      },
      { category: 'too-long', mutate: [set('consignmentHouseLevel.consignor.address.postcode', 'SW1A 1AA SW1A 1AAX')], sync: [f('consignmentHouseLevel.consignor.address.postcode', size(1, 17))] },
      { category: 'too-long', mutate: [set('consignmentHouseLevel.receptacleIdentificationNumber', '')], sync: [f('consignmentHouseLevel.receptacleIdentificationNumber', size(1, 35))] },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.transportDocumentHouseLevel.type', 'N751')],
        async: [a('consignmentHouseLevel.transportDocumentHouseLevel.type', codes(CL754_CODES))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.importProcedure.importProcedure', 'POSTAL_RELEASE')],
        async: [a('consignmentHouseLevel.importProcedure.importProcedure', codes(IMPORT_PROCEDURE_CODES))],
      },
      ...localTimes('documentIssueDate'),
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.numberOfPackages', true)], sync: [f('consignmentHouseLevel.numberOfPackages', 'must be an integer')] },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.receptacleIdentificationNumber', ['GBASF'])], sync: [f('consignmentHouseLevel.receptacleIdentificationNumber', 'must be a string')] },
    ],
  },
  {
    fixture: 'house-voec-example-6',
    level: 'house-consignment',
    mode: 'maritime',
    cases: [
      {
        category: 'missing',
        mutate: [del('consignmentHouseLevel.goodsItem[0].commodityCodeVOEC.harmonizedSystemSubheadingCode')],
        sync: [f('consignmentHouseLevel.goodsItem[0].commodityCodeVOEC.harmonizedSystemSubheadingCode', 'must not be blank')],
      },
      {
        category: 'missing',
        mutate: [del('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value')],
        sync: [f('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value', 'must not be null')],
      },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.goodsItem[0].additionalFiscalReferences.vatIdentificationNumber', '5'.repeat(18))],
        sync: [f('consignmentHouseLevel.goodsItem[0].additionalFiscalReferences.vatIdentificationNumber', size(1, 17))],
      },
      {
        category: 'too-long',
        mutate: [set('consignmentHouseLevel.goodsItem[0].commodityCodeVOEC.harmonizedSystemSubheadingCode', '5511000')],
        sync: [f('consignmentHouseLevel.goodsItem[0].commodityCodeVOEC.harmonizedSystemSubheadingCode', size(6, 6))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentHouseLevel.goodsItem[0].additionalFiscalReferences.role', 'FR9')],
        async: [a('consignmentHouseLevel.goodsItem[0].additionalFiscalReferences.role', codes(CL756_CODES))],
      },
      {
        category: 'rule',
        mutate: [set('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value', 3000.01)],
        async: [
          a(
            'consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value',
            'When item value exceeds NOK 3000, a regular import declaration has to be submitted',
          ),
        ],
      },
      ...localTimes('documentIssueDate'),
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.numberOfItems', 11.5)],
        sync: [f('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.numberOfItems', 'numeric value out of bounds (<10 digits>.<0 digits> expected)')],
      },
      {
        category: 'wrong-type',
        mutate: [set('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value', '400.50')],
        sync: [f('consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value', 'must be a number')],
      },
      { category: 'wrong-type', mutate: [set('consignmentHouseLevel.goodsItem', {})], sync: [f('consignmentHouseLevel.goodsItem', 'must be an array')] },
    ],
  },
  {
    fixture: 'master-road',
    level: 'master-consignment',
    mode: 'rail',
    cases: [
      { category: 'missing', mutate: [del('consignmentMasterLevel.carrier.identificationNumber')], sync: [f('consignmentMasterLevel.carrier.identificationNumber', 'must not be blank')] },
      { category: 'missing', mutate: [del('consignmentMasterLevel.grossMass')], sync: [f('consignmentMasterLevel.grossMass', 'must not be null')] },
      { category: 'missing', mutate: [del('consignmentMasterLevel.consignor')], sync: [f('consignmentMasterLevel.consignor', 'must not be null')] },
      { category: 'missing', mutate: [del('consignmentMasterLevel.transportEquipment')], sync: [f('consignmentMasterLevel.transportEquipment', 'must not be null')] },
      { category: 'missing', mutate: [set('consignmentMasterLevel.transportEquipment', [])], sync: [f('consignmentMasterLevel.transportEquipment', 'must not be empty')] },
      { category: 'missing', mutate: [del('representative.communication')], sync: [f('representative.communication', 'must not be null')] },
      {
        category: 'too-long',
        mutate: [set('consignmentMasterLevel.transportEquipment[0].containerIdentificationNumber', 'XY'.repeat(9))],
        sync: [f('consignmentMasterLevel.transportEquipment[0].containerIdentificationNumber', size(1, 17))],
      },
      {
        category: 'too-long',
        mutate: [set('consignmentMasterLevel.transportEquipment[0].containerSizeAndType', '170')],
        sync: [f('consignmentMasterLevel.transportEquipment[0].containerSizeAndType', size(1, 2))],
      },
      {
        category: 'too-long',
        mutate: [
          set('representative.releasedConfirmation', ['a', 'b', 'c', 'd'].map((x) => ({ emailAddress: `${x}@speditor.no` }))),
        ],
        sync: [f('representative.releasedConfirmation', size(0, 3))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel.transportEquipment[0].containerSizeAndType', '99')],
        async: [a('consignmentMasterLevel.transportEquipment[0].containerSizeAndType', codes(CL710_CODES))],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel.transportEquipment[0].containerPackedStatus', 'C')],
        async: [a('consignmentMasterLevel.transportEquipment[0].containerPackedStatus', 'Invalid code. Expected codes are one of [A, B]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel.transportEquipment[0].containerSupplierType', '3')],
        async: [a('consignmentMasterLevel.transportEquipment[0].containerSupplierType', 'Invalid code. Expected codes are one of [1, 2]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel.containerIndicator', 2)],
        async: [a('consignmentMasterLevel.containerIndicator', 'Invalid code. Expected codes are one of [0, 1]')],
      },
      {
        category: 'unknown-code',
        mutate: [set('consignmentMasterLevel.placeOfLoading.unloCode', 'QQABC')],
        async: [a('consignmentMasterLevel.placeOfLoading.unloCode', 'Invalid code. Expected valid UNLOCODE')],
      },
      ...localTimes('documentIssueDate'),
      { category: 'wrong-type', mutate: [set('consignmentMasterLevel.grossMass', '1200')], sync: [f('consignmentMasterLevel.grossMass', 'must be a number')] },
      {
        category: 'wrong-type',
        mutate: [set('consignmentMasterLevel.transportDocumentMasterLevel.type', 741)],
        sync: [f('consignmentMasterLevel.transportDocumentMasterLevel.type', 'must be a string')],
      },
      { category: 'wrong-type', mutate: [set('consignmentMasterLevel', [])], sync: [f('consignmentMasterLevel', 'must be an object')] },
    ],
  },
];

function describeMutation(m: Mutation): string {
  return 'delete' in m ? `without ${m.delete}` : `${m.set} = ${JSON.stringify(m.to).slice(0, 40)}`;
}

describe('corrupted copies of the §7 examples are rejected with Customs’ path and text', () => {
  for (const suite of suites) {
    describe(`${suite.fixture} (${suite.mode})`, () => {
      for (const c of suite.cases) {
        it(`${c.category}: ${c.mutate.map(describeMutation).join(', ')}`, async () => {
          const body = loadFixture(suite.fixture);
          for (const m of c.mutate) {
            if ('delete' in m) deleteAt(body, m.delete);
            else setAt(body, m.set, m.to);
          }
          const result = validateNotification(suite.level, body, suite.mode);
          if (c.sync !== undefined) {
            expect(result).toEqual({ ok: false, errors: c.sync });
            return;
          }
          expect(result.ok, JSON.stringify(result)).toBe(true);
          if (!result.ok) return;
          expect(await checkNotificationRules(suite.level, result.value, suite.mode, { now })).toEqual(c.async);
        });
      }
    });
  }

  it('covers each required kind of corruption for each example', () => {
    const required: Category[] = ['missing', 'too-long', 'unknown-code', 'local-time', 'wrong-type'];
    for (const suite of suites) {
      const seen = new Set(suite.cases.map((c) => c.category));
      for (const category of required) expect(seen.has(category), `${suite.fixture} lacks ${category}`).toBe(true);
    }
  });
});
