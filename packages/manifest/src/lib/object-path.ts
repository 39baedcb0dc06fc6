/** Setting and reading values at the profile's dotted target paths (`a.b[0].c`). */
import type { JsonObject, JsonValue } from './drafts.js';

export type PathStep = { readonly key: string; readonly index?: number };

/** Splits `consignmentHouseLevel.previousDocuments[0].typeOfReference` into steps. */
export function compilePath(path: string): PathStep[] {
  return path.split('.').map((part) => {
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:\[(\d+)\])?$/.exec(part);
    if (m === null) throw new TypeError(`invalid target path "${path}"`);
    return m[2] === undefined ? { key: m[1] as string } : { key: m[1] as string, index: Number(m[2]) };
  });
}

function child(container: JsonObject, key: string, wantArray: boolean): JsonObject | JsonValue[] {
  const existing = Object.hasOwn(container, key) ? container[key] : undefined;
  if (wantArray) {
    if (Array.isArray(existing)) return existing;
    const created: JsonValue[] = [];
    container[key] = created;
    return created;
  }
  if (existing !== undefined && existing !== null && typeof existing === 'object' && !Array.isArray(existing)) return existing;
  const created: JsonObject = {};
  container[key] = created;
  return created;
}

/** Sets `value` at `steps` inside `root`, creating objects and arrays on the way. */
export function setPath(root: JsonObject, steps: readonly PathStep[], value: JsonValue): void {
  let cur: JsonObject = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as PathStep;
    const last = i === steps.length - 1;
    if (step.index === undefined) {
      if (last) {
        cur[step.key] = value;
        return;
      }
      cur = child(cur, step.key, false) as JsonObject;
      continue;
    }
    const arr = child(cur, step.key, true) as JsonValue[];
    while (arr.length <= step.index) arr.push({});
    if (last) {
      arr[step.index] = value;
      return;
    }
    const item = arr[step.index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      const created: JsonObject = {};
      arr[step.index] = created;
      cur = created;
    } else {
      cur = item;
    }
  }
}

/** Reads the value at `steps`, or undefined. */
export function getPath(root: JsonObject, steps: readonly PathStep[]): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, step.key)) return undefined;
    cur = cur[step.key];
    if (step.index !== undefined) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step.index];
    }
  }
  return cur;
}

/** Removes empty items (`{}`, left by gaps such as a mapped `[1]` without `[0]`) from every list, in place. */
export function compactLists(value: JsonValue): void {
  // Runs on every record's draft: plain loops, no Object.entries/keys arrays (they were ~15 % of
  // the bytes a big file allocates per row).
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      const item = value[i] as JsonValue;
      compactLists(item);
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && isEmptyObject(item)) value.splice(i, 1);
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    // Drafts are plain objects (no inherited enumerable keys); deleting the key at hand is safe in for…in.
    for (const k in value) {
      const v = value[k] as JsonValue;
      compactLists(v);
      if (Array.isArray(v) && v.length === 0) delete value[k];
    }
  }
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
