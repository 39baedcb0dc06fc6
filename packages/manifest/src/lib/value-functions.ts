/**
 * The declarative parts of a field spec, compiled once per file: `when` conditions over several
 * sources and the `apply` value functions (substring, pad, replace, split, concat). Nothing in a
 * profile is evaluated as code.
 */
import type { z } from 'zod';
import type { conditionSchema, valueStepSchema } from '../mapping-profile-schema.js';
import type { BoundRef, SourceRefValue } from './fields.js';

type Condition = z.infer<typeof conditionSchema>;
type ValueStep = z.infer<typeof valueStepSchema>;
type Bind<R> = (ref: SourceRefValue) => BoundRef<R>;

function text<R>(ref: BoundRef<R>, row: R): string {
  const v = ref.read(row);
  return typeof v === 'string' ? v.trim() : '';
}

const norm = (v: unknown): string => String(v).trim().toLowerCase();

/** Compiles a `when` condition into a test of a row. */
export function compileCondition<R>(condition: Condition, bind: Bind<R>): (row: R) => boolean {
  if (typeof condition === 'object' && 'all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, bind));
    return (row) => parts.every((p) => p(row));
  }
  if (typeof condition === 'object' && 'any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, bind));
    return (row) => parts.some((p) => p(row));
  }
  if (typeof condition !== 'object') {
    const ref = bind(condition);
    return (row) => text(ref, row) !== '';
  }
  const ref = bind(condition.source);
  if (condition.equals !== undefined) {
    const wanted = norm(condition.equals);
    return (row) => text(ref, row).toLowerCase() === wanted;
  }
  if (condition.in !== undefined) {
    const wanted = new Set(condition.in.map(norm));
    return (row) => wanted.has(text(ref, row).toLowerCase());
  }
  if (condition.empty === true) return (row) => text(ref, row) === '';
  if (condition.matches !== undefined) {
    const re = new RegExp(`^(?:${condition.matches})$`, 'u');
    return (row) => re.test(text(ref, row));
  }
  return (row) => text(ref, row) !== '';
}

/** Compiles `apply` steps into one function of (value, row). */
export function compileSteps<R>(steps: readonly ValueStep[], bind: Bind<R>): (value: string, row: R) => string {
  const fns = steps.map((step): ((value: string, row: R) => string) => {
    if ('substring' in step) {
      const { start, length } = step.substring;
      return (v) => (length === undefined ? v.slice(start) : v.slice(start, start + length));
    }
    if ('pad' in step) {
      const { length, char, side } = step.pad;
      return (v) => (side === 'left' ? v.padStart(length, char) : v.padEnd(length, char));
    }
    if ('replace' in step) {
      const re = new RegExp(step.replace.pattern, step.replace.ignoreCase ? 'giu' : 'gu');
      const replacement = step.replace.with;
      return (v) => v.replace(re, replacement);
    }
    if ('split' in step) {
      const { separator, index } = step.split;
      return (v) => {
        const parts = v.split(separator);
        return (index < 0 ? parts[parts.length + index] : parts[index])?.trim() ?? '';
      };
    }
    const hasValue = step.concat.some((p) => typeof p === 'object' && 'value' in p);
    const parts = step.concat.map((p): ((v: string, row: R) => string) => {
      if (typeof p === 'string') return () => p;
      if ('value' in p) return (v) => v;
      const ref = bind(p.from);
      return (_v, row) => text(ref, row);
    });
    return (v, row) => (hasValue ? '' : v) + parts.map((p) => p(v, row)).join('');
  });
  return (value, row) => fns.reduce((v, f) => f(v, row), value);
}
