import { ShipmondoCustomsInvalidError } from './errors.js';
import type { ShipmondoCustoms, ShipmondoExportReason } from './shipmondo-customs-schema.js';
import { validateShipmondoCustoms } from './validate-shipmondo-customs.js';

/**
 * One kind of item, in domain terms (what a manifest line carries). Give the value either per
 * unit (`unitValue`) or for the whole line (`lineValue`), and the weight either per unit in grams
 * (`unitWeightGrams`) or as the line's gross mass in kg (`grossMassKg`, as Digitoll counts it).
 */
export interface ShipmondoGoodsInput {
  /** Number of units on the line (> 0). */
  quantity: number;
  /** Country of origin, ISO 3166-1 alpha-2. Lower case is accepted and upper-cased. */
  countryOfOrigin: string;
  /** Description of the goods (Shipmondo `content`). */
  descriptionOfGoods: string;
  /** Tariff (HS/commodity) code; dots and spaces are removed: `6109.10 00` → `61091000`. */
  commodityCode: string;
  /** Value of one unit in the object's currency. */
  unitValue?: number;
  /** Value of the whole line; divided by `quantity`, rounded to cents. */
  lineValue?: number;
  /** Weight of one unit in grams. */
  unitWeightGrams?: number;
  /** Gross mass of the whole line in kg; converted to grams per unit, rounded up to a whole gram. */
  grossMassKg?: number;
}

/** Who pays duties, when agreed with the carrier (all optional). */
export interface ShipmondoBilledToInput {
  name?: string;
  attention?: string;
  address1?: string;
  address2?: string;
  zipcode?: string;
  city?: string;
  country?: string;
  telephone?: string;
  mobile?: string;
  email?: string;
  vatId?: string;
}

/** The small domain input of {@link buildShipmondoCustoms}. */
export interface ShipmondoCustomsInput {
  /** ISO 4217 code of all values, e.g. `NOK`. */
  currencyCode: string;
  goods: readonly ShipmondoGoodsInput[];
  exportReason?: ShipmondoExportReason;
  /** Whether the carrier accepts `sale_of_goods`; when false (default) it is sent as `other`. */
  carrierSupportsSaleOfGoods?: boolean;
  /** Incoterm, e.g. `DAP` (Shipmondo `term_of_trade`). */
  termsOfTrade?: string;
  dutyPaymentType?: string;
  dutyAccountNumber?: string;
  billedTo?: ShipmondoBilledToInput;
  /** Overall description of the contents. */
  contents?: string;
}

function exactlyOne(line: number, a: [string, number | undefined], b: [string, number | undefined]): void {
  if ((a[1] === undefined) === (b[1] === undefined)) {
    throw new TypeError(`buildShipmondoCustoms: goods[${line}] needs exactly one of ${a[0]} and ${b[0]}`);
  }
}

function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Builds a Shipmondo `customs` object from a small domain input and checks it against Shipmondo's
 * goods rules.
 *
 * Mapping: `countryOfOrigin` → `country_code` (upper-cased), `descriptionOfGoods` → `content`
 * (trimmed), `commodityCode` → `commodity_code` (dots/spaces removed), `unitValue` or
 * `lineValue / quantity` (rounded to cents) → `unit_value`, `unitWeightGrams` or
 * `grossMassKg × 1000 / quantity` (rounded up to a whole gram, so a light item never becomes 0)
 * → `unit_weight`; `sale_of_goods` becomes `other` unless `carrierSupportsSaleOfGoods`.
 *
 * @throws {ShipmondoCustomsInvalidError} (`SHIPMONDO_CUSTOMS_INVALID`, bad-data) when the result breaks
 *   a rule; `errors` carries Shipmondo's messages.
 * @throws {TypeError} when a goods line gives both or neither of a value/weight pair.
 * @example
 * const customs = buildShipmondoCustoms({
 *   currencyCode: 'DKK',
 *   goods: [{ quantity: 2, countryOfOrigin: 'NO', descriptionOfGoods: 'T-shirt',
 *             commodityCode: '6109.10.00', unitValue: 30.1, grossMassKg: 2 }],
 * });
 * // → { currency_code: 'DKK', goods: [{ quantity: 2, country_code: 'NO', content: 'T-shirt',
 * //      commodity_code: '61091000', unit_value: 30.1, unit_weight: 1000 }] }
 */
export function buildShipmondoCustoms(input: ShipmondoCustomsInput): ShipmondoCustoms {
  const goods = input.goods.map((item, line) => {
    exactlyOne(line, ['unitValue', item.unitValue], ['lineValue', item.lineValue]);
    exactlyOne(line, ['unitWeightGrams', item.unitWeightGrams], ['grossMassKg', item.grossMassKg]);
    const unitValue =
      item.unitValue ?? (item.quantity > 0 ? roundCents((item.lineValue ?? 0) / item.quantity) : Number.NaN);
    const unitWeight =
      item.unitWeightGrams ??
      (item.quantity > 0 ? Math.ceil(((item.grossMassKg ?? 0) * 1000) / item.quantity - 1e-9) : Number.NaN);
    return {
      quantity: item.quantity,
      country_code: item.countryOfOrigin.trim().toUpperCase(),
      content: item.descriptionOfGoods.trim(),
      commodity_code: item.commodityCode.replace(/[\s.]/g, ''),
      unit_value: unitValue,
      unit_weight: unitWeight,
    };
  });

  const customs: Record<string, unknown> = { currency_code: input.currencyCode.trim().toUpperCase(), goods };
  const optional: [string, string | undefined][] = [
    ['export_reason', input.exportReason],
    ['term_of_trade', input.termsOfTrade],
    ['duty_payment_type', input.dutyPaymentType],
    ['duty_account_number', input.dutyAccountNumber],
    ['billed_to_name', input.billedTo?.name],
    ['billed_to_attention', input.billedTo?.attention],
    ['billed_to_address1', input.billedTo?.address1],
    ['billed_to_address2', input.billedTo?.address2],
    ['billed_to_zipcode', input.billedTo?.zipcode],
    ['billed_to_city', input.billedTo?.city],
    ['billed_to_country', input.billedTo?.country?.trim().toUpperCase()],
    ['billed_to_telephone', input.billedTo?.telephone],
    ['billed_to_mobile', input.billedTo?.mobile],
    ['billed_to_email', input.billedTo?.email],
    ['billed_to_vat_id', input.billedTo?.vatId],
    ['contents', input.contents],
  ];
  for (const [key, value] of optional) if (value !== undefined) customs[key] = value;

  const result = validateShipmondoCustoms(customs, {
    carrierSupportsSaleOfGoods: input.carrierSupportsSaleOfGoods ?? false,
  });
  if (!result.ok) throw new ShipmondoCustomsInvalidError(result.errors, result.lineErrors);
  return result.value;
}
