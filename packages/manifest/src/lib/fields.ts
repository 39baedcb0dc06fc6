/** Compiling a profile's field specs and turning one raw value into a typed, checked value. */
import type { FieldSpec, MappingProfile } from '../mapping-profile-schema.js';
import type { ManifestProblemCode } from '../types.js';
import { hasCode, isCountry, isCustomsOffice } from './codes.js';
import {
  checkRanges,
  compileDateFormat,
  formatInstant,
  formatOffset,
  resolveLocalTime,
  shiftDays,
  type DateTimeReader,
} from './dates.js';
import type { JsonValue } from './drafts.js';
import { looksLikeFormula, neutraliseFormula } from './formula.js';
import { compileNumberParser, describeNumberStyle, type NumberResult } from './numbers.js';
import { compilePath, type PathStep } from './object-path.js';
import { quote, type ProblemPlace } from './problems.js';
import { compileCondition, compileSteps } from './value-functions.js';

/** What reading a source on a row gives. */
export type RawRead = string | undefined | { readonly repeated: number } | { readonly notAValue: true };

/** A profile source bound to one file format (a CSV column index, an XML path). */
export interface BoundRef<R> {
  readonly label: string;
  /** XML: the source is an element or attribute path, so "not there" differs from "empty". */
  readonly element?: boolean;
  read(row: R): RawRead;
}

/** One row (CSV record or XML record element) with its location. */
export interface SourceRow<R> {
  readonly data: R;
  readonly line: number;
  readonly path?: string;
}

export type SourceRefValue = string | number;

/** A field spec bound to the file's columns/paths, ready to run per row. */
export interface CompiledField<R> {
  readonly target: string;
  readonly steps: readonly PathStep[];
  readonly sources: readonly BoundRef<R>[] | undefined;
  readonly separator: string;
  readonly constValue: string | undefined;
  readonly param: string | undefined;
  readonly spec: FieldSpec;
  readonly required: boolean;
  readonly defaultValue: string | undefined;
  readonly translation: ReadonlyMap<string, string> | undefined;
  readonly pattern: RegExp | undefined;
  readonly readDate: DateTimeReader | undefined;
  readonly dateFormatText: string;
  readonly aggregate: 'same' | 'first' | 'sum';
  readonly when: ((row: R) => boolean) | undefined;
  /** `firstOf`: take the first non-empty of the sources instead of joining them. */
  readonly firstOf: boolean;
  readonly apply: ((value: string, row: R) => string) | undefined;
  /** The list item this field decides on (`omitElementWhenEmpty`): the path up to the nearest `[n]`. */
  readonly element: string | undefined;
  readonly label: string;
  /** Day/month order seen in this field's dates: a value only valid the other way round, and one read although it fits both. */
  readonly dateOrder: { swapped: string | undefined; ambiguous: { raw: string; value: string } | undefined };
  /** Last conversion of this field (manifests repeat values row after row: dates, codes, countries). */
  readonly memo: { raw: string | undefined; fromFile: boolean; out: ConvertOutcome | undefined };
}

/** Settings shared by every conversion in a file. */
export interface ConvertSettings {
  readonly parseNumber: (raw: string) => NumberResult;
  readonly numberStyleText: string;
  readonly timeZone: string;
  readonly ambiguousTime: 'reject' | 'earlier' | 'later';
  readonly formulaValues: 'reject' | 'neutralise';
  readonly singleByteEncoding: boolean;
  readonly dayShift: number;
  readonly params: Readonly<Record<string, string>>;
}

export function createConvertSettings(
  profile: Pick<MappingProfile, 'numbers' | 'dates' | 'formulaValues'>,
  options: { singleByteEncoding: boolean; dayShift: number; params: Readonly<Record<string, string>> },
): ConvertSettings {
  return {
    parseNumber: compileNumberParser(profile.numbers),
    numberStyleText: describeNumberStyle(profile.numbers),
    timeZone: profile.dates.timeZone,
    ambiguousTime: profile.dates.ambiguousTime,
    formulaValues: profile.formulaValues,
    ...options,
  };
}

function normaliseKey(v: string): string {
  return v.trim().toLowerCase();
}

/** Binds the field specs of one profile section to a file. */
export function compileFields<R>(
  profile: Pick<MappingProfile, 'translations' | 'dates'>,
  fields: Record<string, FieldSpec | SourceRefValue>,
  bind: (ref: SourceRefValue, target: string) => BoundRef<R>,
  keyTargets: ReadonlySet<string>,
): CompiledField<R>[] {
  const out: CompiledField<R>[] = [];
  for (const [target, field] of Object.entries(fields)) {
    const spec: FieldSpec =
      typeof field === 'object' ? field : { from: field, type: 'string', required: false, translateUnknown: 'error' };
    const refs = spec.firstOf ?? (spec.from === undefined ? undefined : Array.isArray(spec.from) ? spec.from : [spec.from]);
    const sources = refs?.map((ref) => bind(ref, target));
    const bindHere = (ref: SourceRefValue): BoundRef<R> => bind(ref, target);
    const lastIndex = target.lastIndexOf(']');
    const table = spec.translate === undefined ? undefined : profile.translations[spec.translate];
    const dateFormatText = spec.format ?? (spec.type === 'date' ? profile.dates.dateFormat : profile.dates.dateTimeFormat);
    out.push({
      target,
      steps: compilePath(target),
      sources,
      separator: spec.separator ?? ' ',
      constValue: spec.const === undefined ? undefined : String(spec.const),
      param: spec.param,
      spec,
      required: spec.required || keyTargets.has(target),
      defaultValue: spec.default === undefined ? undefined : String(spec.default),
      translation: table === undefined ? undefined : new Map(Object.entries(table).map(([k, v]) => [normaliseKey(k), v])),
      pattern: spec.pattern === undefined ? undefined : new RegExp(`^(?:${spec.pattern})$`, 'u'),
      readDate: spec.type === 'date' || spec.type === 'datetime' ? compileDateFormat(dateFormatText) : undefined,
      dateFormatText,
      aggregate: spec.aggregate ?? 'same',
      when: spec.when === undefined ? undefined : compileCondition(spec.when, bindHere),
      firstOf: spec.firstOf !== undefined,
      apply: spec.apply === undefined ? undefined : compileSteps(spec.apply, bindHere),
      element: spec.omitElementWhenEmpty === true && lastIndex > 0 ? target.slice(0, lastIndex + 1) : undefined,
      memo: { raw: undefined, fromFile: false, out: undefined },
      dateOrder: { swapped: undefined, ambiguous: undefined },
      label:
        sources !== undefined
          ? sources.map((s) => s.label).join(spec.firstOf === undefined ? ' + ' : ' | ')
          : spec.param !== undefined
            ? `param ${spec.param}`
            : 'constant',
    });
  }
  return out;
}

/** Problem found while converting: code, severity, message and the value. */
export interface FieldProblem {
  readonly severity: 'error' | 'warning';
  readonly code: ManifestProblemCode;
  readonly message: string;
  readonly value?: string;
}

export type RawOutcome =
  | { readonly kind: 'skip' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'raw'; readonly raw: string; readonly fromFile: boolean }
  | { readonly kind: 'error'; readonly problem: FieldProblem };

/** The outcomes without data are shared: readRaw runs for every field of every row. */
const SKIP: RawOutcome = Object.freeze({ kind: 'skip' });
const EMPTY: RawOutcome = Object.freeze({ kind: 'empty' });
/** readRaw's text outcome, reused by every call (see readRaw). */
const RAW: { kind: 'raw'; raw: string; fromFile: boolean } = { kind: 'raw', raw: '', fromFile: false };

function rawOutcome(raw: string, fromFile: boolean): RawOutcome {
  RAW.raw = raw;
  RAW.fromFile = fromFile;
  return RAW;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const MOJIBAKE = /[ÃÂ][\u0080-\u00BF]/u;

function readOne<R>(ref: BoundRef<R>, row: R, target: string): string | undefined | FieldProblem {
  const v = ref.read(row);
  if (v === undefined || typeof v === 'string') return v;
  if ('repeated' in v) {
    return {
      severity: 'error',
      code: 'VALUE_REPEATED',
      message: `${target}: ${ref.label} occurs ${v.repeated} times in this record, but the field takes one value; pick one with an index (e.g. ${ref.label}[0]) if that is what the partner means, or fix the file`,
    };
  }
  return {
    severity: 'error',
    code: 'VALUE_REPEATED',
    message: `${target}: ${ref.label} is an element with child elements, not a value; map one of its children`,
  };
}

/**
 * Reads the raw text of a field on a row (sources joined, default applied). A `raw` outcome is one
 * shared object, valid until the next call (this runs for every field of every row of a file that
 * may have millions): read it at once, keep its fields, never the outcome.
 */
export function readRaw<R>(field: CompiledField<R>, row: R, settings: ConvertSettings): RawOutcome {
  if (field.when !== undefined && !field.when(row)) return SKIP;
  let raw: string | undefined;
  let fromFile = false;
  let missingElement = false;
  if (field.sources !== undefined) {
    fromFile = true;
    if (field.sources.length === 1) {
      const source = field.sources[0] as BoundRef<R>;
      const v = readOne(source, row, field.target);
      if (typeof v === 'object') return { kind: 'error', problem: v };
      missingElement = v === undefined && source.element === true;
      raw = v?.trim();
    } else {
      const parts: string[] = [];
      for (const source of field.sources) {
        const v = readOne(source, row, field.target);
        if (typeof v === 'object') return { kind: 'error', problem: v };
        const t = v?.trim();
        if (t !== undefined && t !== '') parts.push(t);
        if (field.firstOf && parts.length > 0) break;
      }
      raw = parts.join(field.separator);
    }
  } else if (field.param !== undefined) {
    fromFile = true;
    raw = settings.params[field.param]?.trim();
  } else {
    raw = field.constValue;
  }
  if (field.apply !== undefined && raw !== undefined && raw !== '') raw = field.apply(raw, row).trim(); // only on a value that is there
  if (field.spec.type === 'presence') return rawOutcome(raw === undefined || raw === '' ? 'false' : 'true', false);
  if (raw === undefined || raw === '') {
    if (field.defaultValue !== undefined) return rawOutcome(field.defaultValue, false);
    if (field.required) {
      const where =
        field.param !== undefined
          ? `parameter "${field.param}" was not given (options.params.${field.param})`
          : missingElement
            ? `this record has no ${field.label.startsWith('@') || field.label.includes('.@') ? 'attribute' : 'element'} ${field.label}`
            : `${field.label} is empty`;
      return { kind: 'error', problem: { severity: 'error', code: 'VALUE_REQUIRED', message: `${field.target} is required, but ${where}` } };
    }
    return EMPTY;
  }
  return rawOutcome(raw, fromFile);
}

/** `value: undefined`: the value was translated to "", so the field has no value. */
export type ConvertOutcome =
  | { readonly ok: true; readonly value: JsonValue | undefined; readonly warnings: readonly FieldProblem[] }
  | { readonly ok: false; readonly problem: FieldProblem; readonly warnings: readonly FieldProblem[] };

function fail(code: ManifestProblemCode, message: string, value: string, warnings: readonly FieldProblem[]): ConvertOutcome {
  return { ok: false, problem: { severity: 'error', code, message, value }, warnings };
}

const NO_WARNINGS: readonly FieldProblem[] = Object.freeze([]);

/** Converts a raw text to the field's type and runs its checks (memoised on the last value). */
export function convertRaw<R>(field: CompiledField<R>, rawIn: string, fromFile: boolean, settings: ConvertSettings): ConvertOutcome {
  const memo = field.memo;
  if (memo.out !== undefined && memo.raw === rawIn && memo.fromFile === fromFile) return memo.out;
  const out = convertUncached(field, rawIn, fromFile, settings);
  memo.raw = rawIn;
  memo.fromFile = fromFile;
  memo.out = out;
  return out;
}

function convertUncached<R>(field: CompiledField<R>, rawIn: string, fromFile: boolean, settings: ConvertSettings): ConvertOutcome {
  let warnings: FieldProblem[] | undefined; // made on the first warning (most values have none)
  const t = field.target;
  let raw = rawIn;
  if (fromFile) {
    if (raw.includes('\uFFFD')) {
      return fail(
        'VALUE_INVALID_CHARACTERS',
        `${t}: ${quote(raw)} contains bytes that are not valid in the file's encoding (shown as �); the line is probably in another encoding (e.g. Windows-1252 inside a UTF-8 file)`,
        raw,
        warnings ?? NO_WARNINGS,
      );
    }
    if (CONTROL.test(raw)) {
      return fail('VALUE_INVALID_CHARACTERS', `${t}: the value contains control characters (e.g. NUL); is the file binary or in a different encoding?`, raw, warnings ?? NO_WARNINGS);
    }
    if (settings.singleByteEncoding && MOJIBAKE.test(raw)) {
      (warnings ??= []).push({
        severity: 'warning',
        code: 'ENCODING_SUSPECT',
        message: `${t}: ${quote(raw)} looks like UTF-8 text read as a single-byte encoding (e.g. "Ã¸" for "ø"); check the profile's encoding`,
        value: raw,
      });
    }
    if (looksLikeFormula(raw)) {
      if (settings.formulaValues === 'reject') {
        return fail(
          'VALUE_FORMULA',
          `${t}: ${quote(raw)} looks like a spreadsheet formula (starts with "${raw[0] === '\t' ? '\\t' : raw[0]}"); refused so it cannot run when the data is opened in a spreadsheet`,
          raw,
          warnings ?? NO_WARNINGS,
        );
      }
      const cleaned = neutraliseFormula(raw);
      (warnings ??= []).push({
        severity: 'warning',
        code: 'VALUE_FORMULA',
        message: `${t}: ${quote(raw)} looks like a spreadsheet formula; the leading characters were removed, giving ${quote(cleaned)}`,
        value: raw,
      });
      raw = cleaned;
      if (raw === '') return fail('VALUE_FORMULA', `${t}: nothing is left of the formula value after neutralising it`, rawIn, warnings ?? NO_WARNINGS);
    }
  }
  const spec = field.spec;
  if (spec.removeSpaces === true) raw = raw.replace(/\s+/gu, '');
  if (spec.case === 'upper') raw = raw.toUpperCase();
  else if (spec.case === 'lower') raw = raw.toLowerCase();
  if (field.translation !== undefined) {
    const mapped = field.translation.get(normaliseKey(raw));
    if (mapped !== undefined && mapped.trim() === '') return { ok: true, value: undefined, warnings: warnings ?? NO_WARNINGS }; // translated to "": no value
    if (mapped !== undefined) raw = mapped;
    else if (spec.translateUnknown === 'error') {
      const known = [...field.translation.keys()].slice(0, 8).join(', ');
      return fail('VALUE_NO_TRANSLATION', `${t}: ${quote(raw)} is not in translation table "${spec.translate}" (known: ${known}${field.translation.size > 8 ? ', …' : ''})`, rawIn, warnings ?? NO_WARNINGS);
    }
  }
  let value: JsonValue;
  switch (spec.type) {
    case 'string':
      value = raw;
      break;
    case 'integer':
    case 'decimal': {
      const n = settings.parseNumber(raw);
      if (!n.ok) return fail('VALUE_NOT_A_NUMBER', `${t}: ${quote(raw)} is not a number: ${n.hint}`, rawIn, warnings ?? NO_WARNINGS);
      if (spec.type === 'integer' && !Number.isInteger(n.value)) {
        return fail('VALUE_NOT_AN_INTEGER', `${t}: ${quote(raw)} must be a whole number`, rawIn, warnings ?? NO_WARNINGS);
      }
      value = n.value;
      break;
    }
    case 'presence':
      value = raw === 'true';
      break;
    case 'boolean': {
      const b = raw.toLowerCase();
      if (['true', '1', 'y', 'yes', 'j', 'ja', 'x'].includes(b)) value = true;
      else if (['false', '0', 'n', 'no', 'nei'].includes(b)) value = false;
      else return fail('VALUE_NOT_A_BOOLEAN', `${t}: ${quote(raw)} is not yes/no (use true/false, 1/0, J/N, Y/N)`, rawIn, warnings ?? NO_WARNINGS);
      break;
    }
    case 'date':
    case 'datetime': {
      const parts = field.readDate?.(raw);
      if (parts === undefined) {
        return fail('VALUE_NOT_A_DATE', `${t}: ${quote(raw)} does not match the date format ${field.dateFormatText}`, rawIn, warnings ?? NO_WARNINGS);
      }
      const range = checkRanges(parts);
      const ordered = field.dateFormatText !== 'iso' && /d/u.test(field.dateFormatText) && /M/u.test(field.dateFormatText);
      if (range !== undefined) {
        if (ordered && parts.month > 12 && parts.day <= 12 && checkRanges({ ...parts, month: parts.day, day: parts.month }) === undefined) {
          field.dateOrder.swapped ??= raw;
          return fail(
            'VALUE_DATE_ORDER',
            `${t}: ${quote(raw)} cannot be read with the date format ${field.dateFormatText}: ${parts.month} is not a month, but it is a day; the file seems to give the day and month the other way round (check dd and MM in the profile's format)`,
            rawIn,
            warnings ?? NO_WARNINGS,
          );
        }
        return fail('VALUE_NOT_A_DATE', `${t}: ${quote(raw)} is not a real date: ${range}`, rawIn, warnings ?? NO_WARNINGS);
      }
      if (ordered && parts.day <= 12 && parts.month !== parts.day && field.dateOrder.ambiguous === undefined) {
        field.dateOrder.ambiguous = { raw, value: `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}` };
      }
      if (spec.type === 'date') {
        value = `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
        break;
      }
      const local = shiftDays(parts, settings.dayShift);
      if (local.offsetMinutes !== undefined) {
        value = formatInstant(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - local.offsetMinutes * 60_000);
        break;
      }
      const r = resolveLocalTime(settings.timeZone, local);
      if (r.kind === 'nonexistent') {
        return fail(
          'VALUE_TIME_NONEXISTENT',
          `${t}: ${quote(raw)} does not exist in ${settings.timeZone}: the clocks jump forward at that time (UTC offset ${formatOffset(r.before)} → ${formatOffset(r.after)}); the ERP must give a real local time`,
          rawIn,
          warnings ?? NO_WARNINGS,
        );
      }
      if (r.kind === 'ambiguous') {
        const both = `${formatInstant(r.earlier)} (${formatOffset(r.offsets[0])}) or ${formatInstant(r.later)} (${formatOffset(r.offsets[1])})`;
        if (settings.ambiguousTime === 'reject') {
          return fail(
            'VALUE_TIME_AMBIGUOUS',
            `${t}: ${quote(raw)} happens twice in ${settings.timeZone} (the clocks go back): it could be ${both}; give the time with an offset, or set dates.ambiguousTime in the profile`,
            rawIn,
            warnings ?? NO_WARNINGS,
          );
        }
        const pick = settings.ambiguousTime === 'earlier' ? r.earlier : r.later;
        (warnings ??= []).push({
          severity: 'warning',
          code: 'VALUE_TIME_AMBIGUOUS',
          message: `${t}: ${quote(raw)} happens twice in ${settings.timeZone} (${both}); took the ${settings.ambiguousTime} one as the profile says`,
          value: rawIn,
        });
        value = formatInstant(pick);
        break;
      }
      value = formatInstant(r.epochMs);
      break;
    }
  }
  if (typeof value === 'string') {
    if (spec.codeList !== undefined && !hasCode(spec.codeList, value)) {
      return fail('VALUE_UNKNOWN_CODE', `${t}: ${quote(value)} is not a code of ${spec.codeList}${field.translation !== undefined ? ` (after translation of ${quote(rawIn)})` : ''}`, rawIn, warnings ?? NO_WARNINGS);
    }
    if (spec.check === 'country' && !isCountry(value)) {
      return fail('VALUE_UNKNOWN_CODE', `${t}: ${quote(value)} is not an ISO 3166-1 alpha-2 country code`, rawIn, warnings ?? NO_WARNINGS);
    }
    if (spec.check === 'customs-office' && !isCustomsOffice(value)) {
      return fail('VALUE_UNKNOWN_CODE', `${t}: ${quote(value)} is not a known customs office reference number (CL141, e.g. NO371001)`, rawIn, warnings ?? NO_WARNINGS);
    }
    if (spec.minLength !== undefined && value.length < spec.minLength) {
      return fail('VALUE_TOO_SHORT', `${t}: ${quote(value)} has ${value.length} characters; at least ${spec.minLength} are needed`, rawIn, warnings ?? NO_WARNINGS);
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      return fail('VALUE_TOO_LONG', `${t}: the value has ${value.length} characters; at most ${spec.maxLength} are allowed`, rawIn, warnings ?? NO_WARNINGS);
    }
    if (field.pattern !== undefined && !field.pattern.test(value)) {
      return fail('VALUE_PATTERN', `${t}: ${quote(value)} does not have the expected form (${spec.pattern})`, rawIn, warnings ?? NO_WARNINGS);
    }
  }
  return { ok: true, value, warnings: warnings ?? NO_WARNINGS };
}

/** Where on a row a field's problem is. */
export function placeOf<R>(field: CompiledField<R>, row: SourceRow<R>, value?: string): ProblemPlace {
  return { line: row.line, path: row.path, column: field.label, field: field.target, value };
}
