/**
 * Where a field of a mapped record came from: the line (XML path) and column of the value, so a
 * check that runs on the finished draft (Customs' schema and rules) can report its problem at the
 * data's own source instead of at the record's first line.
 */
import type { FieldSource } from '../types.js';

/** One mapped field of a record and where its value was read. */
export interface FieldOriginEntry {
  readonly target: string;
  readonly column: string;
  /** 0 when the field got no value from any row. */
  readonly line: number;
  readonly path: string | undefined;
}

/** Everything {@link findFieldSource} needs about one record. */
export interface RecordOrigins {
  readonly fields: readonly FieldOriginEntry[];
  /** Goods-item fields (targets relative to the goods item) and where each goods item came from. */
  readonly goodsFields: readonly { readonly target: string; readonly column: string }[];
  readonly goodsItems: readonly { readonly line: number; readonly path: string | undefined }[];
  readonly firstLine: number;
  readonly path: string | undefined;
  /** Fields the assembler fills in from another field (target → source target). */
  readonly derived?: Readonly<Record<string, string>>;
}

const GOODS_ITEM = /^consignmentHouseLevel\.goodsItem\[(\d+)\](?:\.(.+))?$/u;

function related(target: string, field: string): 0 | 1 | 2 | 3 {
  if (target === field) return 3;
  if (target.startsWith(`${field}.`) || target.startsWith(`${field}[`)) return 2; // problem on a parent object
  if (field.startsWith(`${target}.`) || field.startsWith(`${target}[`)) return 1; // problem inside a mapped value
  return 0;
}

function place(line: number, path: string | undefined, column: string | undefined, field: string): FieldSource {
  return { line, ...(path === undefined ? {} : { path }), ...(column === undefined ? {} : { column }), field };
}

/**
 * The source of `field` (a dotted path with `[i]` indexes, as Customs reports it) in a record: the
 * line and column of the mapped value, or the record's first line when nothing maps to it.
 */
export function findFieldSource(origins: RecordOrigins, asked: string): FieldSource {
  const field = origins.derived?.[asked] ?? asked;
  const goods = GOODS_ITEM.exec(field);
  if (goods !== null) {
    const item = origins.goodsItems[Number(goods[1])];
    if (item !== undefined) {
      const rest = goods[2];
      let best: { column: string; score: number } | undefined;
      if (rest !== undefined) {
        for (const g of origins.goodsFields) {
          const score = related(g.target, rest);
          if (score > (best?.score ?? 0)) best = { column: g.column, score };
        }
      }
      return place(item.line, item.path, best?.score === 2 ? undefined : best?.column, field);
    }
  }
  let best: { entry: FieldOriginEntry; score: number } | undefined;
  for (const entry of origins.fields) {
    const score = related(entry.target, field);
    // Prefer a field that got a value (its line is known) among equally related ones.
    if (score > (best?.score ?? 0) || (score > 0 && score === best?.score && best.entry.line === 0 && entry.line > 0)) best = { entry, score };
  }
  if (best === undefined) return place(origins.firstLine, origins.path, undefined, field);
  // A problem on a parent object (an address missing a member) is at the line of its members, not at one column.
  const e = best.entry;
  const column = best.score === 2 ? undefined : e.column;
  return e.line > 0 ? place(e.line, e.path, column, field) : place(origins.firstLine, origins.path, column, field);
}
