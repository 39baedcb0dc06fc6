/**
 * Helpers for parsing Customs' responses leniently: unknown fields kept, `null` treated as absent,
 * unknown enum values kept as strings, numbers and booleans accepted as strings (SYS models them so).
 */
import { z } from 'zod';

/** Deep copy without `null` object members (Jackson serialises absent values as `null`). */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out;
  }
  return value;
}

const DROPPED = Symbol('dropped');

/**
 * `value` without `null` object members, like {@link dropNulls}, but sharing every part that holds no `null` member
 * instead of copying it (a body without nulls comes back as itself). For input to a zod parse: the notification
 * schemas build their output afresh and never hand out their input, so nothing shared escapes.
 */
export function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const kept = withoutNulls(item);
      if (out !== undefined) out.push(kept);
      else if (kept !== item) {
        out = value.slice(0, i);
        out.push(kept);
      }
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const member = record[key];
    const kept = member === null ? DROPPED : withoutNulls(member);
    if (out === undefined) {
      if (kept === member) continue;
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = record[keys[j] as string];
    }
    if (kept !== DROPPED) out[key] = kept;
  }
  return out ?? value;
}

/** A string enum that also accepts values not known yet; the type keeps the known ones for autocompletion. */
export function openEnum<const T extends readonly string[]>(_known: T) {
  return z.string().transform((v) => v as T[number] | (string & {}));
}

/** ISO-8601 instant as found in responses: seconds optional fraction, `Z` or an offset. */
export const RESPONSE_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A response instant (kept as the string Customs sent; millis and offsets allowed). */
export const responseInstant = () =>
  z.string().refine((v) => RESPONSE_INSTANT_PATTERN.test(v) && !Number.isNaN(Date.parse(v)), {
    error: 'invalid ISO-8601 instant',
  });

/** A number that may arrive as a JSON number or a numeric string. */
export const numberLike = () =>
  z.union([z.number(), z.string().trim().regex(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/)]).transform((v) => (typeof v === 'number' ? v : Number(v)));

/** A boolean that may arrive as a JSON boolean or `"true"` / `"false"` (any case). */
export const booleanLike = () =>
  z
    .union([z.boolean(), z.string().trim().toLowerCase().pipe(z.enum(['true', 'false']))])
    .transform((v) => v === true || v === 'true');

/** Wraps a response schema so `null` members are dropped before parsing. */
export function lenient<T extends z.ZodType>(schema: T) {
  return z.preprocess(dropNulls, schema);
}
