import { isValidCountryCode, isValidCurrencyCode } from '@tollkit/codesets';
import { z } from 'zod';
import { describeValue } from './lib/field-errors.js';

/**
 * Shipmondo (pakkelabels) `customs` object of a shipment request — docs/digitoll.md §14.1, seed S3.
 *
 * The goods rules are Shipmondo's documented ones, exactly: every goods field present with a
 * value; `quantity` > 0; `country_code` ISO 3166-1 alpha-2; `content` length > 0;
 * `commodity_code` a string of digits, length 6, 8, 10 or 12; `unit_value` > 0; `unit_weight` > 0
 * (grams). Use {@link validateShipmondoCustoms} to get the errors in Shipmondo's message pattern.
 */

/** The six goods fields, in the order Shipmondo documents them. */
export const shipmondoGoodsFields = [
  'quantity',
  'country_code',
  'content',
  'commodity_code',
  'unit_value',
  'unit_weight',
] as const;

/** A goods field name. */
export type ShipmondoGoodsField = (typeof shipmondoGoodsFields)[number];

/** `export_reason` values. `sale_of_goods` only for some carriers (otherwise Shipmondo sends `other`). */
export const shipmondoExportReasons = [
  'gift',
  'documents',
  'commercial_samples',
  'returned_goods',
  'other',
  'sale_of_goods',
] as const;

/** An `export_reason` value. */
export type ShipmondoExportReason = (typeof shipmondoExportReasons)[number];

const present = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? 'is missing' : `must be ${what} (got ${describeValue(iss.input)})`;

/** One goods line: one object per kind of item. */
export const shipmondoGoodsLineSchema = z.object({
  quantity: z.number({ error: present('a number') }).gt(0, { error: (iss) => `must be greater than 0 (got ${describeValue(iss.input)})` }),
  country_code: z
    .string({ error: present('a string') })
    .min(1, { error: 'is empty' })
    .refine((code) => isValidCountryCode(code), {
      error: (iss) => `must be a valid ISO 3166-1 alpha-2 country code (got ${describeValue(iss.input)})`,
      abort: true,
    }),
  content: z.string({ error: present('a string') }).min(1, { error: 'is empty' }),
  commodity_code: z
    .string({ error: present('a string of digits') })
    .min(1, { error: 'is empty' })
    .refine((code) => /^\d+$/.test(code) && [6, 8, 10, 12].includes(code.length), {
      error: (iss) => `must contain only digits and have 6, 8, 10 or 12 of them (got ${describeValue(iss.input)})`,
      abort: true,
    }),
  unit_value: z.number({ error: present('a number') }).gt(0, { error: (iss) => `must be greater than 0 (got ${describeValue(iss.input)})` }),
  unit_weight: z.number({ error: present('a number of grams') }).gt(0, { error: (iss) => `must be greater than 0 (got ${describeValue(iss.input)})` }),
});

/** A goods line (output of {@link shipmondoGoodsLineSchema}). */
export type ShipmondoGoodsLine = z.infer<typeof shipmondoGoodsLineSchema>;

const optionalText = z.string({ error: (iss) => `must be a string (got ${describeValue(iss.input)})` }).optional();

/**
 * The `customs` object. Only `currency_code` is required at object level by Shipmondo; `goods`
 * is required here too (at least one line), because no customs document can be made without it.
 * Unknown keys are dropped. Optional properties: use only those agreed with the carrier.
 */
export const shipmondoCustomsSchema = z.object({
  currency_code: z
    .string({ error: present('a string') })
    .refine((code) => isValidCurrencyCode(code), {
      error: (iss) => `must be an ISO 4217 currency code (got ${describeValue(iss.input)})`,
    }),
  goods: z
    .array(shipmondoGoodsLineSchema, { error: present('an array of goods lines') })
    .min(1, { error: 'must list at least one goods line' }),
  export_reason: z
    .enum(shipmondoExportReasons, {
      error: (iss) => `must be one of ${shipmondoExportReasons.join(', ')} (got ${describeValue(iss.input)})`,
    })
    .optional(),
  term_of_trade: optionalText,
  duty_payment_type: optionalText,
  duty_account_number: optionalText,
  billed_to_name: optionalText,
  billed_to_attention: optionalText,
  billed_to_address1: optionalText,
  billed_to_address2: optionalText,
  billed_to_zipcode: optionalText,
  billed_to_city: optionalText,
  billed_to_country: z
    .string({ error: (iss) => `must be a string (got ${describeValue(iss.input)})` })
    .refine((code) => code === '' || isValidCountryCode(code), {
      error: (iss) => `must be a valid ISO 3166-1 alpha-2 country code (got ${describeValue(iss.input)})`,
    })
    .optional(),
  billed_to_telephone: optionalText,
  billed_to_mobile: optionalText,
  billed_to_email: optionalText,
  billed_to_vat_id: optionalText,
  contents: optionalText,
});

/** The `customs` object (output of {@link shipmondoCustomsSchema}). */
export type ShipmondoCustoms = z.infer<typeof shipmondoCustomsSchema>;
