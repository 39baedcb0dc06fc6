import {
  buildBringDeclaration,
  buildShipmondoCustoms,
  type BringDeclarationRequest,
  type BringGoodsLineInput,
  type ShipmondoCustoms,
  type ShipmondoGoodsInput,
} from '@tollkit/carrier-customs';
import { payloadHash } from '../pipeline/lib/canonical-hash.js';
import type { ParsedManifest } from '../pipeline/lib/manifest-types.js';
import type { ManifestRecord, PlannedNotificationInput } from '../store/job-store.js';
import { customsFileName, unwritableCustomsFile } from './advance-carrier-rows.js';
import { CARRIER_ROW_TYPE, type BringTarget, type CarrierTarget, type ShipmondoTarget } from './carrier-target.js';
import { lineValue, readHouseGoods, splitGrossMass, type DraftParty, type HouseGoods } from './lib/house-goods.js';

/** A local validation error with the manifest file line it comes from. */
export interface CarrierLineError {
  /** Line in the manifest file (1-based), or `null` when unknown. */
  readonly line: number | null;
  /** Field: the carrier's field path (e.g. `goods[1].unit_value`) or the manifest column/path. */
  readonly field: string;
  readonly message: string;
}

/** What is stored per house (the row's payload): the body to send and where it came from. */
export interface CarrierRowPayload {
  readonly carrier: 'bring' | 'shipmondo';
  /** The Bring body or the Shipmondo customs object; `null` when the house is invalid. */
  readonly body: BringDeclarationRequest | ShipmondoCustoms | null;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly errors: readonly CarrierLineError[];
  readonly warnings: readonly string[];
}

/** The plan of a manifest for a carrier target. */
export interface CarrierPlan {
  readonly items: PlannedNotificationInput[];
  /** Set when nothing in the file can be declared: the manifest fails as a whole. */
  readonly fatal: string | undefined;
  readonly counts: { readonly houses: number; readonly invalid: number; readonly otherRecords: number };
}

/** Maps a goods-line index to its file line: rows-per-house files have one row per goods item. */
function fileLine(first: number, last: number, goodsCount: number, index: number | undefined): number {
  if (index !== undefined && last - first + 1 === goodsCount && index < goodsCount) return first + index;
  return first;
}

function bringParty(p: DraftParty, role: string, errors: CarrierLineError[], line: number) {
  const missing = (['name', 'postcode', 'city', 'country'] as const).filter((k) => p[k] === undefined);
  for (const k of missing) errors.push({ line, field: `${role}.${k}`, message: `the house's ${role} has no ${k}; Bring needs it` });
  return {
    name: p.name ?? '',
    postalCode: p.postcode ?? '',
    city: p.city ?? '',
    countryCode: p.country ?? '',
    ...(p.streetLine !== undefined ? { addressLine1: p.streetLine } : {}),
    ...(p.identificationNumber !== undefined ? { vatId: p.identificationNumber } : {}),
  };
}

function goodsProblems(house: HouseGoods, line: number, target: CarrierTarget): CarrierLineError[] {
  const errors: CarrierLineError[] = [];
  if (house.goods.length === 0) {
    errors.push({
      line,
      field: 'goodsItem',
      message: `the house has no goods lines (goodsItem with value and HS code); a ${target.kind === 'bring' ? 'Bring declaration' : 'Shipmondo customs object'} needs them`,
    });
  }
  if (house.totalGrossMass === undefined) errors.push({ line, field: 'totalGrossMass', message: 'the house has no gross mass' });
  if (house.goodsDescription === undefined) errors.push({ line, field: 'goodsDescription', message: 'the house has no goods description' });
  if (target.countryOfOrigin === undefined && house.consignor.country === undefined) {
    errors.push({ line, field: 'consignor.country', message: 'no country of origin: the consignor has no country and the channel sets no countryOfOrigin' });
  }
  return errors;
}

function planBring(house: HouseGoods, target: BringTarget, first: number, last: number): { body: BringDeclarationRequest | null; errors: CarrierLineError[] } {
  const errors = goodsProblems(house, first, target);
  const exporter = bringParty(house.consignor, 'consignor', errors, first);
  const importer = bringParty(house.consignee, 'consignee', errors, first);
  if (errors.length > 0) return { body: null, errors };
  const masses = splitGrossMass(house.totalGrossMass as number, house.goods.map((g) => g.numberOfItems ?? 1));
  const many = house.goods.length > 1;
  const lines: BringGoodsLineInput[] = house.goods.map((g, i) => ({
    consignmentItemId: many ? `${house.documentNumber}-${i + 1}` : (house.documentNumber as string),
    descriptionOfGoods: house.goodsDescription as string,
    commodityCode: g.hsCode ?? '',
    countryOfOrigin: target.countryOfOrigin ?? (house.consignor.country as string),
    value: lineValue(g, target.goodsValue) ?? Number.NaN,
    grossMassKg: masses[i] ?? 0,
    ...(g.numberOfItems !== undefined ? { quantity: g.numberOfItems } : {}),
  }));
  try {
    const body = buildBringDeclaration({
      currencyCode: target.currencyCode,
      customerNumber: target.customerNumber,
      consignmentId: house.documentNumber as string,
      service: target.service,
      ...(target.declarationType !== undefined ? { declarationType: target.declarationType } : {}),
      ...(target.incotermsCode !== undefined ? { termsOfDelivery: { incotermsCode: target.incotermsCode } } : {}),
      exporter,
      importer,
      lines,
    });
    return { body, errors: [] };
  } catch (error) {
    const list = (error as { errors?: readonly { field: string; message: string }[] }).errors;
    if (!Array.isArray(list)) throw error;
    return {
      body: null,
      errors: list.map((e) => {
        const index = /^customsDeclarations\[(\d+)\]/.exec(e.field)?.[1];
        return { line: fileLine(first, last, house.goods.length, index === undefined ? undefined : Number(index)), field: e.field, message: e.message };
      }),
    };
  }
}

function planShipmondo(house: HouseGoods, target: ShipmondoTarget, first: number, last: number): { body: ShipmondoCustoms | null; errors: CarrierLineError[] } {
  const errors = goodsProblems(house, first, target);
  if (errors.length > 0) return { body: null, errors };
  const masses = splitGrossMass(house.totalGrossMass as number, house.goods.map((g) => g.numberOfItems ?? 1));
  const goods: ShipmondoGoodsInput[] = house.goods.map((g, i) => {
    const quantity = g.numberOfItems ?? 0;
    const value = lineValue(g, target.goodsValue) ?? 0;
    // Per unit, computed here so a zero quantity reaches Shipmondo's rules instead of dividing by 0.
    return {
      quantity,
      countryOfOrigin: target.countryOfOrigin ?? (house.consignor.country as string),
      descriptionOfGoods: house.goodsDescription as string,
      commodityCode: g.hsCode ?? '',
      unitValue: quantity > 0 ? Math.round((value / quantity) * 100) / 100 : value,
      unitWeightGrams: quantity > 0 ? Math.ceil(((masses[i] ?? 0) * 1000) / quantity) : 0,
    };
  });
  try {
    const body = buildShipmondoCustoms({
      currencyCode: target.currencyCode,
      goods,
      exportReason: target.exportReason,
      carrierSupportsSaleOfGoods: target.carrierSupportsSaleOfGoods,
      ...(target.termsOfTrade !== undefined ? { termsOfTrade: target.termsOfTrade } : {}),
      ...(house.goodsDescription !== undefined ? { contents: house.goodsDescription } : {}),
    });
    return { body, errors: [] };
  } catch (error) {
    const e = error as { errors?: readonly { field: string; message: string }[]; lineErrors?: readonly { line: number; path: string; reason: string }[] };
    if (!Array.isArray(e.lineErrors) || !Array.isArray(e.errors)) throw error;
    const perLine = e.lineErrors.map((l) => ({
      line: fileLine(first, last, house.goods.length, l.line),
      field: l.path,
      message: `${e.errors?.find((m) => m.field === `goods[].${l.path.split('.').pop() ?? ''}`)?.message ?? 'invalid value'}: ${l.reason}`,
    }));
    const objectLevel = e.errors.filter((m) => !m.field.startsWith('goods[]')).map((m) => ({ line: first, field: m.field, message: m.message }));
    return { body: null, errors: [...perLine, ...objectLevel] };
  }
}

/**
 * Turns a parsed manifest into one row per house consignment for a carrier target: the Bring
 * declaration body or the Shipmondo customs object, checked locally with the carrier's rules.
 * Houses with mapping problems or rule violations become `invalid` rows with per-line errors and
 * are never sent. Masters and transports are not carrier documents: they are counted, not planned.
 * Digitoll-only rules (arrival times, offices, procedures) are not applied here. With `manifest`,
 * a Shipmondo house whose customs file cannot be named (`customsFileName`) is invalid too.
 *
 * @example
 * const plan = planCarrierManifest(parsed, target, manifest);
 * await store.planNotifications(manifest.id, owner, plan.items);
 */
export function planCarrierManifest(
  parsed: ParsedManifest,
  target: CarrierTarget,
  manifest?: Pick<ManifestRecord, 'id' | 'originalName'>,
): CarrierPlan {
  const items: PlannedNotificationInput[] = [];
  const seen = new Map<string, number>();
  let invalid = 0;
  let otherRecords = 0;
  for (const record of parsed.records) {
    if (record.level !== 'house-consignment') {
      otherRecords++;
      continue;
    }
    const first = record.source.firstLine;
    const last = record.source.lastLine;
    const house = readHouseGoods(record.draft);
    const errors: CarrierLineError[] = record.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({ line: p.line ?? first, field: p.column ?? p.field ?? p.path ?? '', message: p.message }));
    const warnings = record.problems.filter((p) => p.severity === 'warning').map((p) => `line ${p.line ?? first}: ${p.message}`);
    let documentNumber = house.documentNumber ?? `(no document number, line ${first})`;
    if (house.documentNumber === undefined) errors.push({ line: first, field: 'transportDocumentHouseLevel.documentNumber', message: 'the house has no document number' });
    else if (target.kind === 'bring' && house.documentNumber.length > 35) {
      errors.push({ line: first, field: 'shipment.consignmentId', message: `must be at most 35 characters (got ${house.documentNumber.length})` });
    }
    if (target.kind === 'shipmondo' && manifest !== undefined && house.documentNumber !== undefined) {
      const named = customsFileName(manifest, house.documentNumber);
      if (!named.ok) errors.push({ line: first, field: 'transportDocumentHouseLevel.documentNumber', message: unwritableCustomsFile(house.documentNumber, named.reason) });
    }
    const earlier = seen.get(documentNumber);
    if (earlier !== undefined) {
      errors.push({ line: first, field: 'transportDocumentHouseLevel.documentNumber', message: `the same house appears twice in the file (first at line ${earlier}); this one is not sent` });
      documentNumber = `${documentNumber} (line ${first})`;
    } else seen.set(documentNumber, first);

    let body: BringDeclarationRequest | ShipmondoCustoms | null = null;
    if (errors.length === 0 && record.ok) {
      const planned = target.kind === 'bring' ? planBring(house, target, first, last) : planShipmondo(house, target, first, last);
      body = planned.body;
      errors.push(...planned.errors);
    } else if (errors.length === 0) {
      errors.push({ line: first, field: '', message: 'the record could not be mapped completely' });
    }
    if (errors.length > 0) {
      invalid++;
      body = null;
    }
    const payload: CarrierRowPayload = { carrier: target.kind, body, firstLine: first, lastLine: last, errors, warnings };
    items.push({
      level: 'house-consignment',
      mode: parsed.mode,
      documentNumber,
      type: CARRIER_ROW_TYPE[target.kind],
      carrier: target.kind === 'bring' ? `bring:${target.customerNumber}` : 'shipmondo',
      position: items.length + 1,
      payloadHash: payloadHash({ body }),
      payload,
      ...(errors.length > 0 ? { invalidErrors: errors.map((e) => ({ field: e.field, error: `${e.message}${e.line === null ? '' : ` (line ${e.line})`}` })) } : {}),
    });
  }
  let fatal: string | undefined;
  if (parsed.report.fatal !== undefined) fatal = parsed.report.fatal.message;
  else if (items.length === 0) fatal = 'the file contains no house consignments to declare';
  return { items, fatal, counts: { houses: items.length, invalid, otherRecords } };
}
