import { readFileSync } from 'node:fs';

const dir = new URL('../fixtures/', import.meta.url);

/** Names of the example messages in test/fixtures. */
export type FixtureName =
  | 'transport-road'
  | 'transport-air'
  | 'transport-rail'
  | 'transport-maritime'
  | 'house-road-example-1'
  | 'house-postal-example-7'
  | 'house-voec-example-6'
  | 'master-road';

/** A fresh, mutable copy of a fixture. */
export function loadFixture(name: FixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Record<string, unknown>;
}

type Key = string | number;

function parsePath(path: string): Key[] {
  const keys: Key[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (m === null) throw new Error(`bad path ${path}`);
    keys.push(m[1] as string);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
  }
  return keys;
}

function parentOf(root: unknown, path: string): { parent: Record<Key, unknown>; key: Key } {
  const keys = parsePath(path);
  let node = root as Record<Key, unknown>;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (typeof next !== 'object' || next === null) throw new Error(`path ${path} does not exist in the fixture (at ${String(k)})`);
    node = next as Record<Key, unknown>;
  }
  return { parent: node, key: keys[keys.length - 1] as Key };
}

/** Reads the value at a Customs-style path (`a.b[0].c`). */
export function getAt(root: unknown, path: string): unknown {
  const { parent, key } = parentOf(root, path);
  return parent[key];
}

/** Sets the value at a path that must already exist up to its parent. */
export function setAt(root: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(root, path);
  parent[key] = value;
}

/** Deletes the member at a path; fails if it was not there (so a corruption never silently does nothing). */
export function deleteAt(root: unknown, path: string): void {
  const { parent, key } = parentOf(root, path);
  if (!(key in parent)) throw new Error(`path ${path} is not present in the fixture`);
  delete parent[key];
}
