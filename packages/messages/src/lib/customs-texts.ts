/**
 * Customs' literal error texts, in one place (docs/digitoll.md §13).
 *
 * Synchronous texts (HTTP 400 `validationErrors[].error`) are Hibernate-Validator defaults; where
 * Customs publishes no text for a case (wrong JSON type, bad calendar date, empty list), the text is
 * the Hibernate/Jackson-style phrase marked **[I]** below — change it here if Customs is seen to
 * answer differently.
 */

/** `must not be null` – required object, array, number or boolean absent. [C] §13.1 */
export const MUST_NOT_BE_NULL = 'must not be null';
/** `must not be blank` – required string absent, `""` or whitespace only. [C] §13.1 */
export const MUST_NOT_BE_BLANK = 'must not be blank';
/** Wrong date-time format. [C] §13.1 */
export const INVALID_INSTANT = 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)';
/**
 * `size must be between ${min} and ${max}` for string lengths and list sizes. [C] §13.1
 *
 * @example
 * ```ts
 * customsTexts.sizeMustBeBetween(1, 512); // 'size must be between 1 and 512'
 * ```
 */
export const sizeMustBeBetween = (min: number, max: number): string => `size must be between ${min} and ${max}`;
/**
 * `numeric value out of bounds (<N digits>.<M digits> expected)`. [C] §13.1
 *
 * @example
 * ```ts
 * customsTexts.numericOutOfBounds(16, 6); // 'numeric value out of bounds (<16 digits>.<6 digits> expected)'
 * ```
 */
export const numericOutOfBounds = (integerDigits: number, fractionDigits: number): string =>
  `numeric value out of bounds (<${integerDigits} digits>.<${fractionDigits} digits> expected)`;
/**
 * One-of group empty, e.g. `[streetLine, poBox]`. [C] §13.1
 *
 * @example
 * ```ts
 * customsTexts.atLeastOneNonNull(['streetLine', 'poBox']); // 'At least one of the following fields should be non null: [streetLine, poBox]'
 * ```
 */
export const atLeastOneNonNull = (fields: readonly string[]): string =>
  `At least one of the following fields should be non null: [${fields.join(', ')}]`;
/**
 * Enum field outside its set. [C] §13.1
 *
 * @example
 * ```ts
 * customsTexts.mustBeOneOf(['0', '1']); // 'Must be one of [0, 1]'
 * ```
 */
export const mustBeOneOf = (values: readonly string[]): string => `Must be one of [${values.join(', ')}]`;

/** [I] Hibernate `@NotEmpty` default: a required list is present but empty. */
export const MUST_NOT_BE_EMPTY = 'must not be empty';
/** [I] Hibernate `@PositiveOrZero` default. */
export const MUST_BE_GREATER_THAN_OR_EQUAL_TO_0 = 'must be greater than or equal to 0';
/**
 * [I] Hibernate `@Pattern` default.
 *
 * @example
 * ```ts
 * customsTexts.mustMatch('^[A-Z]{2}$'); // 'must match "^[A-Z]{2}$"'
 * ```
 */
export const mustMatch = (pattern: string): string => `must match "${pattern}"`;
/** [I] No published text: a `YYYY-MM-DD` date field that is not a calendar date. */
export const INVALID_DATE = 'invalid ISO-8601 date (yyyy-MM-dd)';
/**
 * [I] No published text (Jackson rejects the body): a value of the wrong JSON type.
 *
 * @example
 * ```ts
 * customsTexts.mustBeOfType('array'); // 'must be an array'
 * ```
 */
export const mustBeOfType = (type: JsonTypeName): string =>
  `must be ${type === 'array' || type === 'object' || type === 'integer' ? 'an' : 'a'} ${type}`;

export type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

// ------------------------------------------------------------------------------------------------
// Asynchronous texts (validation-status FAILURE `validationErrorList[].description`), §13.2.

/**
 * A1
 *
 * @example
 * ```ts
 * customsTexts.invalidCode(['N730', 'N741']); // 'Invalid code. Expected codes are one of [N730, N741]'
 * ```
 */
export const invalidCode = (codes: readonly string[]): string => `Invalid code. Expected codes are one of [${codes.join(', ')}]`;
/** A2 */
export const COUNTRY_IS_INVALID = 'Country is invalid';
/** A7 */
export const INVALID_UNLOCODE = 'Invalid code. Expected valid UNLOCODE';
/** A9 */
export const UNLOCODE_REQUIRED = 'If location AND address is not provided, then unloCode is required';
/** A14 */
export const MUST_BE_VALID_CUSTOMS_OFFICE = 'Must be a valid customs office';
/** B1 */
export const SCHEDULED_SHOULD_BE_PRESENT = 'scheduledDateAndTimeOfArrival should be present';
/** B2 */
export const SCHEDULED_MORE_THAN_ONE_YEAR = 'scheduledDateAndTimeOfArrival cannot be more than one year into the future';
/** B3 */
export const ESTIMATED_SHOULD_BE_PRESENT = 'estimatedDateAndTimeOfArrival should be present';
/** B4 */
export const ESTIMATED_HAS_PASSED = 'estimatedDateAndTimeOfArrival has already passed';
/** B5 */
/**
 * First POST with estimated ≠ scheduled arrival (`mo-obligatorisk-2024-04-EN.html`: "At first submit (POST), this
 * element and scheduledDateAndTimeOfArrival must be identical"). No published error text [I]: the rule's own words.
 */
export const ESTIMATED_MUST_EQUAL_SCHEDULED_AT_FIRST_SUBMIT =
  'At first submit (POST), estimatedDateAndTimeOfArrival and scheduledDateAndTimeOfArrival must be identical';
/**
 * A direct consignment (`directConsignment: true`) without the carrier id that links it to its transport
 * (`kobling-oppdatering-og-sletting-EN.html`). No published text [I]: A17's wording.
 */
export const REQUIRED_WHEN_DIRECT_CONSIGNMENT = 'Required field when directConsignment is true';
export const ESTIMATED_MORE_THAN_ONE_YEAR = 'estimatedDateAndTimeOfArrival cannot be more than one year into the future';
/**
 * B6
 *
 * @example
 * ```ts
 * customsTexts.conveyanceShouldNotBeProvided('3');
 * ```
 */
export const conveyanceShouldNotBeProvided = (modeOfTransportCode: string): string =>
  `transport.activeBorderTransportMeans.modeOfTransportCode is ${modeOfTransportCode}, then this field should not be provided`;
/**
 * B7
 *
 * @example
 * ```ts
 * customsTexts.typeOfIdentificationShouldHave('3', '30');
 * ```
 */
export const typeOfIdentificationShouldHave = (modeOfTransportCode: string, requiredValue: string): string =>
  `transport.activeBorderTransportMeans.modeOfTransportCode is ${modeOfTransportCode}, then this field should have value ${requiredValue}`;
/** A11 */
export const VOEC_ITEM_VALUE_EXCEEDED = 'When item value exceeds NOK 3000, a regular import declaration has to be submitted';
/**
 * A3
 *
 * @example
 * ```ts
 * customsTexts.invalidExportMrnFormat('AES_EXPORT'); // 'Invalid MRN format for export of type AES_EXPORT'
 * ```
 */
export const invalidExportMrnFormat = (typeOfExport: string): string => `Invalid MRN format for export of type ${typeOfExport}`;
