/**
 * Reads what a house consignment draft (from `@tollkit/manifest`) carries for a carrier declaration.
 * Structural on purpose: the drafts are plain JSON objects.
 */

/** A party as the Digitoll draft has it, reduced to what carriers ask for. */
export interface DraftParty {
  readonly name: string | undefined;
  readonly streetLine: string | undefined;
  readonly postcode: string | undefined;
  readonly city: string | undefined;
  readonly country: string | undefined;
  readonly identificationNumber: string | undefined;
}

/** One VOEC goods item of the house. */
export interface DraftGoodsItem {
  readonly value: number | undefined;
  readonly numberOfItems: number | undefined;
  readonly hsCode: string | undefined;
}

/** The parts of a house draft carrier targets use. */
export interface HouseGoods {
  readonly documentNumber: string | undefined;
  readonly goodsDescription: string | undefined;
  readonly totalGrossMass: number | undefined;
  readonly consignor: DraftParty;
  readonly consignee: DraftParty;
  readonly goods: readonly DraftGoodsItem[];
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function party(value: unknown): DraftParty {
  const p = obj(value);
  const a = obj(p['address']);
  return {
    name: str(p['name']),
    streetLine: str(a['streetLine']) ?? str(a['poBox']),
    postcode: str(a['postcode']),
    city: str(a['city']),
    country: str(a['country'])?.toUpperCase(),
    identificationNumber: str(p['identificationNumber']),
  };
}

/** Reads a house consignment draft (`{ consignmentHouseLevel: … }`). */
export function readHouseGoods(draft: unknown): HouseGoods {
  const house = obj(obj(draft)['consignmentHouseLevel']);
  const items = Array.isArray(house['goodsItem']) ? (house['goodsItem'] as unknown[]) : [];
  return {
    documentNumber: str(obj(house['transportDocumentHouseLevel'])['documentNumber']),
    goodsDescription: str(house['goodsDescription']),
    totalGrossMass: num(house['totalGrossMass']),
    consignor: party(house['consignor']),
    consignee: party(house['consignee']),
    goods: items.map((item) => {
      const i = obj(item);
      const amount = obj(i['itemAmountInvoicedVOEC']);
      return {
        value: num(amount['value']),
        numberOfItems: num(amount['numberOfItems']),
        hsCode: str(obj(i['commodityCodeVOEC'])['harmonizedSystemSubheadingCode']),
      };
    }),
  };
}

/**
 * Splits the house's gross mass over its lines in proportion to the number of items (kg, 3
 * decimals, at least 1 g per line; the last line takes the rounding rest). The drafts carry no
 * per-line weight, only the house total.
 */
export function splitGrossMass(totalKg: number, counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + Math.max(0, b), 0);
  if (counts.length === 0) return [];
  const shares = counts.map((c) => (total > 0 ? Math.max(0, c) / total : 1 / counts.length));
  const out = shares.map((s) => Math.max(0.001, Math.round(totalKg * s * 1000) / 1000));
  const rest = Math.round((totalKg - out.slice(0, -1).reduce((a, b) => a + b, 0)) * 1000) / 1000;
  out[out.length - 1] = Math.max(0.001, rest);
  return out;
}

/** The line value: VOEC value as the line amount, or unit price × items. */
export function lineValue(item: DraftGoodsItem, goodsValue: 'line-amount' | 'unit-price'): number | undefined {
  if (item.value === undefined) return undefined;
  if (goodsValue === 'line-amount') return item.value;
  return item.numberOfItems === undefined ? undefined : Math.round(item.value * item.numberOfItems * 100) / 100;
}
