import type { TransportMode } from '@tollkit/codesets';
import { z } from 'zod';
import { notificationSchemaFor } from './notification-schema-for.js';
import type { NotificationLevel } from './types.js';

/** One field of a notification body, as its schema defines it (Customs' synchronous checks). */
export interface NotificationField {
  /** Dotted path without a root prefix, `[]` for list items: `consignmentHouseLevel.goodsItem[].commodity.cusCode`. */
  readonly path: string;
  readonly type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  /**
   * `required`: the field and every object around it must be there; `conditional`: required
   * whenever the object around it is given (that object is optional); `optional`.
   */
  readonly presence: 'required' | 'conditional' | 'optional';
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Numbers: digits before and after the decimal point, when the schema bounds them. */
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly (string | number | boolean)[];
  readonly minItems?: number;
  readonly maxItems?: number;
}

interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  enum?: (string | number | boolean)[];
  const?: string | number | boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
}

const cache = new Map<string, readonly NotificationField[]>();

function typeOf(node: JsonSchemaNode): NotificationField['type'] {
  const t = Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
  if (t === 'string' || t === 'number' || t === 'integer' || t === 'boolean' || t === 'object' || t === 'array') return t;
  if (node.properties !== undefined) return 'object';
  if (node.items !== undefined) return 'array';
  if (node.enum !== undefined || node.const !== undefined) return typeof (node.enum?.[0] ?? node.const) === 'number' ? 'number' : 'string';
  return 'string';
}

/** Merges `anyOf`/`allOf` branches (the schemas use them for one-of rules such as address street or PO box). */
function flatten(node: JsonSchemaNode): JsonSchemaNode {
  const branches = [...(node.anyOf ?? []), ...(node.allOf ?? [])].filter((b) => b.type !== 'null');
  if (branches.length === 0) return node;
  const merged: JsonSchemaNode = { ...node, properties: { ...node.properties } };
  const requiredSets: string[][] = [];
  for (const b of branches.map(flatten)) {
    Object.assign(merged.properties as object, b.properties);
    if (b.required !== undefined) requiredSets.push(b.required);
    if (merged.type === undefined && b.type !== undefined) merged.type = b.type;
    if (merged.items === undefined && b.items !== undefined) merged.items = b.items;
    for (const k of ['minLength', 'maxLength', 'pattern', 'format', 'enum', 'minItems', 'maxItems'] as const) {
      if (merged[k] === undefined && b[k] !== undefined) (merged as Record<string, unknown>)[k] = b[k];
    }
  }
  // allOf: every branch's required; anyOf: only what every branch requires.
  const fromBranches = node.allOf !== undefined ? requiredSets.flat() : requiredSets.reduce<string[]>((a, r, i) => (i === 0 ? r : a.filter((x) => r.includes(x))), []);
  merged.required = [...new Set([...(node.required ?? []), ...fromBranches])];
  if (Object.keys(merged.properties ?? {}).length === 0) delete merged.properties;
  return merged;
}

/**
 * Every field of a notification body for one level and mode (leaves and the objects and lists
 * around them), from the same zod schema `validateNotification` uses: presence, type, sizes,
 * pattern, allowed values. Code lists and business rules are asynchronous at Customs and not
 * part of it (see `checkNotificationRules`). `documentIssueDate` is included (the builders stamp it).
 *
 * @example
 * listNotificationFields('house-consignment', 'road').find((f) => f.path === 'consignmentHouseLevel.goodsDescription')
 * // { path: 'consignmentHouseLevel.goodsDescription', type: 'string', presence: 'required', minLength: 1, maxLength: 512 }
 */
export function listNotificationFields(level: NotificationLevel, mode: TransportMode): readonly NotificationField[] {
  const key = `${level}|${mode}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const root = z.toJSONSchema(notificationSchemaFor(level, mode), { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const out: NotificationField[] = [];
  const walk = (raw: JsonSchemaNode, path: string, required: boolean, chainRequired: boolean): void => {
    const node = flatten(raw);
    const type = typeOf(node);
    if (path !== '') {
      const f: { -readonly [K in keyof NotificationField]: NotificationField[K] } = {
        path,
        type,
        presence: required ? (chainRequired ? 'required' : 'conditional') : 'optional',
      };
      for (const k of ['minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems'] as const) {
        if (node[k] !== undefined) (f as Record<string, unknown>)[k] = node[k];
      }
      if (node.enum !== undefined) f.enum = node.enum;
      else if (node.const !== undefined) f.enum = [node.const];
      out.push(f);
    }
    const inChain = path === '' || (required && chainRequired);
    if (type === 'object') {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        walk(child, path === '' ? name : `${path}.${name}`, node.required?.includes(name) ?? false, inChain);
      }
    } else if (type === 'array' && node.items !== undefined) {
      const itemsRequired = (node.minItems ?? 0) > 0;
      const at = out.length;
      walk(node.items, `${path}[]`, true, inChain && itemsRequired);
      // An item that is an object is not a field itself (its members are); a scalar item is.
      if (typeOf(flatten(node.items)) === 'object') out.splice(at, 1);
    }
  };
  walk(root, '', true, true);
  const frozen = Object.freeze(out);
  cache.set(key, frozen);
  return frozen;
}
