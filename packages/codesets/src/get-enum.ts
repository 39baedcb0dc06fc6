import { ENUM_SOURCES, type EnumName, type EnumValues } from './generated/enums.js';
import type { EnumSource } from './types.js';

/**
 * Returns a bundled enum: the values of a Digitoll or carrier field that has no published code-list
 * table (routing, routingControlLocation, validation and document statuses, relation object types,
 * Bring and Shipmondo values …), with the field, the source and a description per value.
 *
 * @throws TypeError when `name` is not a bundled enum.
 * @example
 * ```ts
 * getEnum('RoutingControlLocation').values.map((v) => v.value); // ['ON_ENTRY', 'AFTER_ENTRY']
 * ```
 */
export function getEnum<N extends EnumName>(name: N): EnumSource<N, EnumValues[N]> {
  if (typeof name !== 'string' || !Object.hasOwn(ENUM_SOURCES, name)) {
    throw new TypeError(`unknown enum ${JSON.stringify(name)}`);
  }
  return ENUM_SOURCES[name];
}

const sets = new Map<EnumName, ReadonlySet<string>>();

/**
 * True when `value` is a value of the bundled enum `name` (exact, case-sensitive).
 *
 * @throws TypeError when `name` is not a bundled enum.
 * @example
 * ```ts
 * isEnumValue('RoutingDecision', 'TO_CONTROL'); // true
 * ```
 */
export function isEnumValue<N extends EnumName>(name: N, value: unknown): value is EnumValues[N] {
  let set = sets.get(name);
  if (set === undefined) {
    set = new Set(getEnum(name).values.map((v) => v.value));
    sets.set(name, set);
  }
  return typeof value === 'string' && set.has(value);
}
