/**
 * The four modes of transport Digitoll handles and their codes.
 *
 * The three mappings live together here because they are one table (enums.md §9); each is a
 * single lookup.
 */
import { TRANSPORT_MODE_TABLE } from './generated/enums.js';

/** A mode of transport at the border as Tollkit names it. */
export type TransportMode = (typeof TRANSPORT_MODE_TABLE)[number]['mode'];
/** `activeBorderTransportMeans.modeOfTransportCode` values meaningful for entry into Norway (CL018 subset). */
export type ModeOfTransportCode = (typeof TRANSPORT_MODE_TABLE)[number]['modeOfTransportCode'];
/** `activeBorderTransportMeans.typeOfIdentification` Digitoll expects per mode (CL750 subset). */
export type TypeOfIdentificationForMode = (typeof TRANSPORT_MODE_TABLE)[number]['typeOfIdentification'];
/** Rule for `conveyanceReferenceNumber` per mode. */
export type ConveyanceReferenceRule = (typeof TRANSPORT_MODE_TABLE)[number]['conveyanceReferenceNumber'];

type Row = (typeof TRANSPORT_MODE_TABLE)[number];

/** The four transport modes: `'maritime' | 'rail' | 'road' | 'air'` (in CL018 code order). */
export const TRANSPORT_MODES: readonly TransportMode[] = Object.freeze(TRANSPORT_MODE_TABLE.map((r) => r.mode));

const byMode = new Map<string, Row>(TRANSPORT_MODE_TABLE.map((r) => [r.mode, r]));
const byCode = new Map<string, Row>(TRANSPORT_MODE_TABLE.map((r) => [r.modeOfTransportCode, r]));

function row(mode: TransportMode): Row {
  const found = byMode.get(mode);
  if (found === undefined) throw new TypeError(`unknown transport mode ${JSON.stringify(mode)}; expected one of ${TRANSPORT_MODES.join(', ')}`);
  return found;
}

/**
 * True when `value` is one of the four transport modes.
 *
 * @example
 * ```ts
 * isTransportMode('road'); // true
 * isTransportMode('ship'); // false
 * ```
 */
export function isTransportMode(value: unknown): value is TransportMode {
  return typeof value === 'string' && byMode.has(value);
}

/**
 * The CL018 `modeOfTransportCode` of a mode: road `'3'`, air `'4'`, rail `'2'`, maritime `'1'`.
 *
 * @throws TypeError for a value that is not a {@link TransportMode}.
 * @example
 * ```ts
 * modeOfTransportCodeFor('road'); // '3'
 * ```
 */
export function modeOfTransportCodeFor(mode: TransportMode): ModeOfTransportCode {
  return row(mode).modeOfTransportCode;
}

/**
 * The mode of a CL018 `modeOfTransportCode`, or `undefined` for codes Digitoll does not handle
 * (`'7'`, `'8'`, `'9'`, anything else).
 *
 * @example
 * ```ts
 * transportModeFor('4'); // 'air'
 * transportModeFor('8'); // undefined
 * ```
 */
export function transportModeFor(code: string): TransportMode | undefined {
  return byCode.get(code)?.mode;
}

/**
 * The CL750 `typeOfIdentification` Digitoll expects for a mode: road `'30'` (road vehicle registration,
 * tractor unit), air `'41'` (aircraft registration), rail `'21'` (train number), maritime `'10'` (IMO number).
 *
 * @throws TypeError for a value that is not a {@link TransportMode}.
 * @example
 * ```ts
 * typeOfIdentificationFor('rail'); // '21'
 * ```
 */
export function typeOfIdentificationFor(mode: TransportMode): TypeOfIdentificationForMode {
  return row(mode).typeOfIdentification;
}

/**
 * The `conveyanceReferenceNumber` rule of a mode: `'forbidden'` (road, rail: must not be sent),
 * `'flight-number'` (air: IATA flight number, immutable on PUT), `'voyage-number'` (maritime).
 *
 * @throws TypeError for a value that is not a {@link TransportMode}.
 *
 * @example
 * ```ts
 * conveyanceReferenceRuleFor('air'); // 'flight-number'
 * conveyanceReferenceRuleFor('road'); // 'forbidden'
 * ```
 */
export function conveyanceReferenceRuleFor(mode: TransportMode): ConveyanceReferenceRule {
  return row(mode).conveyanceReferenceNumber;
}
