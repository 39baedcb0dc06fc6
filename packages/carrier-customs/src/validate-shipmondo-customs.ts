import type { CarrierFieldError } from './errors.js';
import { formatPath } from './lib/field-errors.js';
import {
  shipmondoCustomsSchema,
  shipmondoGoodsFields,
  type ShipmondoCustoms,
  type ShipmondoGoodsField,
} from './shipmondo-customs-schema.js';

/** Options of {@link validateShipmondoCustoms}. */
export interface ShipmondoValidationOptions {
  /**
   * Whether the carrier of the shipment accepts `export_reason: "sale_of_goods"`. When false,
   * `sale_of_goods` is turned into `other` (what Shipmondo itself does) and a warning is returned.
   */
  carrierSupportsSaleOfGoods: boolean;
}

/** One failing field of one goods line — the detail written to result files. */
export interface ShipmondoGoodsLineError {
  /** 0-based index of the goods line. */
  line: number;
  /** The goods field that failed. */
  field: ShipmondoGoodsField;
  /** Dotted path, e.g. `goods[1].unit_weight`. */
  path: string;
  /** The value as given (`undefined` when the field is missing). */
  value: unknown;
  /** Why it failed, e.g. `must be greater than 0 (got 0)`. */
  reason: string;
}

/** Result of {@link validateShipmondoCustoms}. */
export type ShipmondoValidationResult =
  | {
      ok: true;
      /** The object to send, with `sale_of_goods` already turned into `other` where needed. */
      value: ShipmondoCustoms;
      errors: [];
      lineErrors: [];
      warnings: CarrierFieldError[];
    }
  | {
      ok: false;
      value?: undefined;
      /**
       * Object-level errors, then one entry per failing goods field kind in Shipmondo's wording
       * (`field` is e.g. `goods[].unit_weight`).
       */
      errors: CarrierFieldError[];
      /** Every failing (line, field) pair with the bad value. */
      lineErrors: ShipmondoGoodsLineError[];
      warnings: CarrierFieldError[];
    };

const fieldWords: Record<ShipmondoGoodsField, string> = {
  quantity: 'quantity',
  country_code: 'country code',
  content: 'content',
  commodity_code: 'commodity code',
  unit_value: 'unit value',
  unit_weight: 'unit weight',
};

/**
 * Shipmondo's error text for a failing goods field kind.
 *
 * @example
 * shipmondoGoodsErrorMessage('unit_weight')
 * // 'One or more customs goods are missing or have invalid values in unit weight'
 */
export function shipmondoGoodsErrorMessage(field: ShipmondoGoodsField): string {
  return `One or more customs goods are missing or have invalid values in ${fieldWords[field]}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a Shipmondo `customs` object against the documented rules (docs/digitoll.md §14.1).
 *
 * Never throws on bad data. On failure, `errors` holds one message per failing goods field kind
 * ("One or more customs goods are missing or have invalid values in unit weight") plus
 * object-level problems (`currency_code`, `goods`, optional fields), and `lineErrors` says which
 * line, which field and which value.
 *
 * @example
 * const result = validateShipmondoCustoms(
 *   { currency_code: 'DKK', goods: [{ quantity: 2, country_code: 'NO', content: 'T-shirt',
 *     commodity_code: '61091000', unit_value: 30.1, unit_weight: 0 }] },
 *   { carrierSupportsSaleOfGoods: false },
 * );
 * // result.ok === false
 * // result.errors[0].message === 'One or more customs goods are missing or have invalid values in unit weight'
 * // result.lineErrors[0] → { line: 0, field: 'unit_weight', path: 'goods[0].unit_weight', value: 0, … }
 */
export function validateShipmondoCustoms(
  customs: unknown,
  options: ShipmondoValidationOptions,
): ShipmondoValidationResult {
  if (typeof options?.carrierSupportsSaleOfGoods !== 'boolean') {
    throw new TypeError('validateShipmondoCustoms: options.carrierSupportsSaleOfGoods must be a boolean');
  }
  if (!isPlainObject(customs)) {
    return {
      ok: false,
      errors: [{ field: '(root)', message: 'customs must be an object' }],
      lineErrors: [],
      warnings: [],
    };
  }
  // A goods entry that is not an object counts as a line with every field missing.
  const rawGoods = customs['goods'];
  const goods = Array.isArray(rawGoods) ? rawGoods.map((line) => (isPlainObject(line) ? line : {})) : rawGoods;
  const parsed = shipmondoCustomsSchema.safeParse({ ...customs, goods }, { reportInput: true });

  const warnings: CarrierFieldError[] = [];
  if (parsed.success) {
    const value = parsed.data;
    if (value.export_reason === 'sale_of_goods' && !options.carrierSupportsSaleOfGoods) {
      value.export_reason = 'other';
      warnings.push({
        field: 'export_reason',
        message: 'export_reason sale_of_goods is not available for this carrier; it is sent as other',
      });
    }
    return { ok: true, value, errors: [], lineErrors: [], warnings };
  }

  const errors: CarrierFieldError[] = [];
  const lineErrors: ShipmondoGoodsLineError[] = [];
  const failingKinds = new Set<ShipmondoGoodsField>();
  for (const issue of parsed.error.issues) {
    const [top, line, field] = issue.path;
    if (top === 'goods' && typeof line === 'number' && isGoodsField(field)) {
      failingKinds.add(field);
      // One detail per (line, field): the first failing check says it best.
      if (lineErrors.some((e) => e.line === line && e.field === field)) continue;
      const given = Array.isArray(rawGoods) ? rawGoods[line] : undefined;
      lineErrors.push({
        line,
        field,
        path: formatPath(issue.path),
        value: isPlainObject(given) ? given[field] : undefined,
        reason: issue.message,
      });
      continue;
    }
    const path = formatPath(issue.path);
    errors.push({ field: path, message: `${path} ${issue.message}` });
  }
  for (const field of shipmondoGoodsFields) {
    if (failingKinds.has(field)) errors.push({ field: `goods[].${field}`, message: shipmondoGoodsErrorMessage(field) });
  }
  lineErrors.sort((a, b) => a.line - b.line || shipmondoGoodsFields.indexOf(a.field) - shipmondoGoodsFields.indexOf(b.field));
  return { ok: false, errors, lineErrors, warnings };
}

function isGoodsField(value: unknown): value is ShipmondoGoodsField {
  return typeof value === 'string' && (shipmondoGoodsFields as readonly string[]).includes(value);
}
