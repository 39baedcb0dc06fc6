import { LineCounter, isMap, isPair, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from '../../lib/did-you-mean.js';

/** What a value is, in words: `the text "abc"`, `the number 3`, `a list`, `nothing`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a section (key: value pairs)';
}

const KIND_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a section (key: value pairs)',
  array: 'a list',
  bigint: 'a whole number',
};

function quoted(values: readonly unknown[]): string {
  const words = values.map((v) => JSON.stringify(v));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * zod's per-parse error map for the config file: every issue in plain words an operator reads
 * ("is missing: give a text", "must be one of "local" or "sftp", not "ftp"", "unknown key
 * "servce" — did you mean "service"?"). Messages a schema sets itself are kept.
 */
export const plainConfigErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const want = KIND_WORDS[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `is missing: give ${want}`;
      return `must be ${want}, not ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoted(issue.values)}, not ${describeValue(issue.input)}` : `must be one of ${quoted(issue.values)}, not ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}, not ${describeValue(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must list at most ${issue.maximum} items`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}, not ${describeValue(issue.input)}`;
    case 'invalid_format':
      return issue.format === 'url' ? `must be a URL such as https://host/path, not ${describeValue(issue.input)}` : `must be a valid ${issue.format}, not ${describeValue(issue.input)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      const known = shape === undefined ? [] : Object.keys(shape);
      return issue.keys
        .map((key) => {
          const guess = didYouMean(key, known);
          return `unknown key ${JSON.stringify(key)}${guess === undefined ? (known.length > 0 ? ` (known keys here: ${known.join(', ')})` : '') : ` — did you mean ${JSON.stringify(guess)}?`}`;
        })
        .join('\n');
    }
    case 'invalid_union':
      return `does not match any of the accepted forms (${describeValue(issue.input)} given); see the reference in apps/adapter/README.md`;
    case 'invalid_key':
      return `has a key that is not allowed`;
    case 'invalid_element':
      return `has an entry that is not allowed`;
    default:
      return undefined;
  }
};

/** The 1-based line of the node at `path` in the YAML document (for an unknown key: the key's own line). */
export function lineOf(document: Document, counter: LineCounter, path: readonly PropertyKey[], key?: string): number | undefined {
  let node: unknown = document.contents;
  let line: number | undefined;
  const at = (n: unknown): void => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    if (range !== undefined) line = counter.linePos(range[0]).line;
  };
  at(node);
  const segments = [...path, ...(key === undefined ? [] : [key])];
  for (const [i, segment] of segments.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      // A key with no value, or the unknown key itself: point at the key.
      at(pair.key);
      const unknownKey = key !== undefined && i === segments.length - 1;
      if (!unknownKey && pair.value !== null && pair.value !== undefined) at(pair.value);
      node = pair.value;
    } else if (node !== null && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items) && typeof segment === 'number') {
      node = (node as { items: unknown[] }).items[segment];
      if (node === undefined) break;
      at(node);
    } else break;
  }
  return line;
}

export { LineCounter };
