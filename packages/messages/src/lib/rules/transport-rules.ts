import {
  type TransportMode,
  isValidCustomsOffice,
  modeOfTransportCodeFor,
  transportModeFor,
  typeOfIdentificationFor,
} from '@tollkit/codesets';
import {
  ESTIMATED_HAS_PASSED,
  ESTIMATED_MUST_EQUAL_SCHEDULED_AT_FIRST_SUBMIT,
  ESTIMATED_MORE_THAN_ONE_YEAR,
  ESTIMATED_SHOULD_BE_PRESENT,
  MUST_BE_VALID_CUSTOMS_OFFICE,
  SCHEDULED_MORE_THAN_ONE_YEAR,
  SCHEDULED_SHOULD_BE_PRESENT,
  conveyanceShouldNotBeProvided,
  invalidCode,
  typeOfIdentificationShouldHave,
} from '../customs-texts.js';
import type { Transport } from '../../schemas/transport.js';
import type { Loose, RuleCollector } from './collector.js';
import type { NotificationOperation } from '../../types.js';

/** Identification types the air API accepts (from the §8.3 FAILURE example) [I]. */
export const AIR_TYPES_OF_IDENTIFICATION = ['30', '41'] as const;

function oneYearAfter(ms: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

/**
 * Asynchronous transport rules: A1 codes, A2 countries, A14 office, B1–B7 (arrival times,
 * conveyance reference, identification type), the API's mode of transport, and on a first submit
 * (`operation` `create`) estimated = scheduled arrival.
 */
export function checkTransportRules(body: Loose<Transport>, mode: TransportMode, now: number, c: RuleCollector, operation: NotificationOperation = 'create'): void {
  c.representative('representative', body.representative);

  const means = body.activeBorderTransportMeans ?? {};
  const p = 'activeBorderTransportMeans';
  // The API of a mode only takes its own mode of transport [I: no published text; A1 shape].
  const apiModeCode = modeOfTransportCodeFor(mode);
  if (means.modeOfTransportCode !== undefined && means.modeOfTransportCode !== apiModeCode) c.add(invalidCode([apiModeCode]), `${p}.modeOfTransportCode`);
  const bodyMode = (means.modeOfTransportCode === undefined ? undefined : transportModeFor(means.modeOfTransportCode)) ?? mode;

  // Road (3 → 30) and rail (2 → 21): A1 against CL750, then B7 (published). Air: A1 against
  // [30, 41] — the list of the FAILURE example in §8.3 (aircraft, or a road feeder service flown
  // under a flight number) [I]. Maritime: CL750 only (no published rule).
  if (bodyMode === 'air') {
    c.codeIn(`${p}.typeOfIdentification`, means.typeOfIdentification, AIR_TYPES_OF_IDENTIFICATION);
  } else {
    c.code(`${p}.typeOfIdentification`, means.typeOfIdentification, 'CL750');
    if (bodyMode === 'road' || bodyMode === 'rail') {
      const required = typeOfIdentificationFor(bodyMode);
      if (means.typeOfIdentification !== undefined && means.typeOfIdentification !== required)
        c.add(typeOfIdentificationShouldHave(means.modeOfTransportCode ?? modeOfTransportCodeFor(bodyMode), required), `${p}.typeOfIdentification`);
    }
  }

  c.code(`${p}.typeOfMeansOfTransport`, means.typeOfMeansOfTransport, 'CL751');
  c.country(`${p}.countryCode`, means.countryCode);
  // B6: road and rail must not send a conveyance reference.
  if ((bodyMode === 'road' || bodyMode === 'rail') && means.conveyanceReferenceNumber !== undefined)
    c.add(conveyanceShouldNotBeProvided(means.modeOfTransportCode ?? modeOfTransportCodeFor(bodyMode)), `${p}.conveyanceReferenceNumber`);
  c.communication(`${p}.operator.communication`, means.operator?.communication);

  c.country('carrier.address.country', body.carrier?.address?.country);
  c.communication('carrier.communication', body.carrier?.communication);

  // A14
  const office = body.customsOfficeOfFirstEntry?.referenceNumber;
  if (typeof office === 'string' && !isValidCustomsOffice(office))
    c.add(MUST_BE_VALID_CUSTOMS_OFFICE, 'customsOfficeOfFirstEntry.referenceNumber');

  // B1–B5
  const limit = oneYearAfter(now);
  const scheduled = body.scheduledDateAndTimeOfArrival;
  if (scheduled === undefined) c.add(SCHEDULED_SHOULD_BE_PRESENT, 'scheduledDateAndTimeOfArrival');
  else if (Date.parse(scheduled) > limit) c.add(SCHEDULED_MORE_THAN_ONE_YEAR, 'scheduledDateAndTimeOfArrival');
  const estimated = body.estimatedDateAndTimeOfArrival;
  if (estimated === undefined) c.add(ESTIMATED_SHOULD_BE_PRESENT, 'estimatedDateAndTimeOfArrival');
  else if (Date.parse(estimated) < now) c.add(ESTIMATED_HAS_PASSED, 'estimatedDateAndTimeOfArrival');
  else if (Date.parse(estimated) > limit) c.add(ESTIMATED_MORE_THAN_ONE_YEAR, 'estimatedDateAndTimeOfArrival');
  // mo-obligatorisk-2024-04-EN.html: "At first submit (POST), this element and scheduledDateAndTimeOfArrival
  // must be identical." (compared as instants; both are second-precision UTC on the wire).
  if (operation === 'create' && estimated !== undefined && scheduled !== undefined && Date.parse(estimated) !== Date.parse(scheduled))
    c.add(ESTIMATED_MUST_EQUAL_SCHEDULED_AT_FIRST_SUBMIT, 'estimatedDateAndTimeOfArrival');

  body.consignmentMasterLevel?.forEach((entry, i) => {
    const q = `consignmentMasterLevel[${i}]`;
    c.code(`${q}.transportDocumentMasterLevel.type`, entry.transportDocumentMasterLevel?.type, 'CL754');
    entry.consignmentHouseLevel?.forEach((house, j) =>
      c.code(`${q}.consignmentHouseLevel[${j}].transportDocumentHouseLevel.type`, house.transportDocumentHouseLevel?.type, 'CL754'),
    );
  });
}
