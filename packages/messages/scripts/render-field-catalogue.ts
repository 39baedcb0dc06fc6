/**
 * The field catalogue `docs/fields.md`: every field of every notification level, per mode, from
 * the same schemas and rules the package validates with. Presence, type and size come from
 * `listNotificationFields`; the format, digit limits, code lists and the asynchronous rules that
 * touch a field are found by probing `validateNotification` and `checkNotificationRules` with
 * wrong values, so the catalogue cannot drift from the code. test/field-catalogue.test.ts fails
 * when docs/fields.md is stale (rewrite it with scripts/write-field-catalogue.ts).
 */
import { CODE_LIST_NAMES, getCodeList, type CodeListName, type TransportMode } from '@tollkit/codesets';
import { checkNotificationRules, listNotificationFields, validateNotification, type NotificationField, type NotificationLevel } from '../src/index.js';

const MODES: readonly TransportMode[] = ['road', 'air', 'rail', 'maritime'];
const LEVELS: readonly NotificationLevel[] = ['transport', 'master-consignment', 'house-consignment'];
const NOW = Date.parse('2030-01-01T00:00:00Z');

/** Procedure fields: judged together by @tollkit/procedures, not one by one (docs/digitoll.md §9). */
const PROCEDURE_PATHS = /^consignmentHouseLevel\.(importProcedure|previousDocuments|exportFromEU|goodsItem)/u;

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/\[\]/gu, '.[]').split('.');
  let cur: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] as string;
    const last = i === parts.length - 1;
    const nextIsList = parts[i + 1] === '[]';
    if (key === '[]') {
      const list = cur as unknown as unknown[];
      if (last) list[0] = value;
      else list[0] ??= {};
      cur = list[0] as Record<string, unknown>;
      continue;
    }
    const obj = cur as Record<string, unknown>;
    if (last) obj[key] = value;
    else obj[key] ??= nextIsList ? [] : {};
    cur = obj[key] as Record<string, unknown>;
  }
}

const indexless = (path: string): string => path.replace(/\[\d+\]/gu, '[]');

/** The codes of a list, to recognise which list an "Invalid code" text names. */
const LISTS = CODE_LIST_NAMES.map((name) => ({ name, codes: getCodeList(name as CodeListName).entries.map((e) => e.code).join(', ') }));

function describeRule(text: string): string {
  const codes = /^Invalid code\. Expected codes are one of \[(.*)\]$/u.exec(text)?.[1];
  if (codes !== undefined) {
    const names = LISTS.filter((l) => l.codes !== '' && codes.startsWith(l.codes)).map((l) => l.name);
    return names.length > 0 ? `A1 code list ${names.join(' + ')}` : `A1 one of [${codes}]`;
  }
  if (text === 'Country is invalid') return 'A2 ISO country';
  if (text === 'Must be a valid customs office') return 'A14 customs office (CL141)';
  if (text.startsWith('Invalid code. Expected valid UNLOCODE')) return 'A7 UN/LOCODE';
  if (text.startsWith('If location AND address is not provided')) return 'A9 UN/LOCODE unless location or address';
  if (/should be present$/u.test(text)) return 'B1/B3 must be present';
  if (/already passed$/u.test(text)) return 'B4 not in the past';
  if (/more than one year/u.test(text)) return 'B2/B5 at most a year ahead';
  if (/should not be provided$/u.test(text)) return 'B6 not for this mode';
  if (/should have value/u.test(text)) return 'B7 must match the mode';
  return text;
}

interface Probed {
  readonly format: string;
  readonly rules: readonly string[];
}

/** Finds a field's format and the rules that touch it by sending wrong values. */
async function probe(level: NotificationLevel, mode: TransportMode, field: NotificationField, baseline: ReadonlyMap<string, string[]>): Promise<Probed> {
  const rules = new Set(baseline.get(field.path) ?? []);
  let format = field.type === 'integer' ? 'integer' : field.type;
  const at = (errors: readonly { path: string; text: string }[]): string[] => errors.filter((e) => indexless(e.path) === field.path).map((e) => e.text);
  const values: unknown[] =
    field.type === 'string'
      ? ['Z'.repeat(Math.max(field.minLength ?? 1, Math.min(field.maxLength ?? 4, 4))), '2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z']
      : field.type === 'number' || field.type === 'integer'
        ? [1.5, 1e20, 1.1234567891]
        : [true];
  for (const value of values) {
    const body: Record<string, unknown> = {};
    setPath(body, field.path, value);
    const sync = validateNotification(level, body, mode);
    if (!sync.ok) {
      for (const text of at(sync.errors.map((e) => ({ path: e.field, text: e.error })))) {
        if (text.startsWith('invalid ISO-8601 instant')) format = 'instant yyyy-MM-ddTHH:mm:ssZ';
        else if (text.startsWith('invalid ISO-8601 date')) format = 'date yyyy-MM-dd';
        else if (text.startsWith('numeric value out of bounds')) format = `${field.type === 'integer' ? 'integer' : 'number'}, ${text.slice(text.indexOf('(') + 1, -1).replace(' expected', '')}`;
        else if (text.startsWith('Must be one of')) format = `one of ${text.slice('Must be one of '.length)}`;
      }
    }
    const async = await checkNotificationRules(level, body, mode, { now: NOW, partial: true });
    for (const text of at(async.map((e) => ({ path: e.pointer.messageElementPath, text: e.description })))) rules.add(describeRule(text));
  }
  if (PROCEDURE_PATHS.test(field.path)) rules.add('procedure rules (§9)');
  return { format, rules: [...rules].sort() };
}

function cell(values: readonly string[]): string {
  const unique = [...new Set(values)];
  return unique.length === 1 ? (unique[0] as string) : MODES.map((m, i) => `${m}: ${values[i]}`).join('<br>');
}

/** The whole catalogue as Markdown. */
export async function renderFieldCatalogue(): Promise<string> {
  const out: string[] = [
    '# Digitoll notification fields',
    '',
    '<!-- Generated by packages/messages/scripts/write-field-catalogue.ts from @tollkit/messages; do not edit. -->',
    '',
    'Every field of the three notification levels, per mode, as `@tollkit/messages` validates them (the',
    'synchronous checks Customs answers with HTTP 400, and the asynchronous rules it reports as FAILURE;',
    'see [digitoll.md](digitoll.md) §6, §7 and §13). Paths are relative to the message root, `[]` marks',
    'list items (a mapping profile writes `[0]`, `[1]` …).',
    '',
    '* **presence**: `required` — always; `conditional` — required whenever the object or list item around',
    '  it is sent; `optional`. Arrival times are optional for the schema but required by rules B1/B3.',
    '* **format / size**: JSON type, instant or date format, digit limits, string length.',
    '* **rules**: the asynchronous checks that look at this field alone (A1 code lists, A2 countries, A14',
    '  office, B1–B7 times and mode); `procedure rules (§9)` marks the fields judged together by',
    '  `@tollkit/procedures` (variants, incomplete reasons, A8/A13/A15–A23).',
    '',
  ];
  for (const level of LEVELS) {
    out.push(`## ${level}`, '', '| field | presence | format | size | rules |', '|---|---|---|---|---|');
    const byMode = MODES.map((m) => listNotificationFields(level, m));
    const paths = [...new Set(byMode.flatMap((fs) => fs.map((f) => f.path)))];
    const baselines = new Map<TransportMode, Map<string, string[]>>();
    for (const mode of MODES) {
      const base = new Map<string, string[]>();
      for (const e of await checkNotificationRules(level, {}, mode, { now: NOW, partial: true })) {
        const p = indexless(e.pointer.messageElementPath);
        base.set(p, [...(base.get(p) ?? []), describeRule(e.description)]);
      }
      baselines.set(mode, base);
    }
    for (const path of paths) {
      const perMode = byMode.map((fs) => fs.find((f) => f.path === path));
      const first = perMode.find((f) => f !== undefined) as NotificationField;
      if (first.type === 'object' || first.type === 'array') continue;
      const probes = await Promise.all(MODES.map((m, i) => (perMode[i] === undefined ? undefined : probe(level, m, perMode[i] as NotificationField, baselines.get(m) as Map<string, string[]>))));
      const presence = cell(perMode.map((f) => f?.presence ?? 'not sent'));
      const format = cell(probes.map((p) => p?.format ?? '–'));
      const size = first.minLength !== undefined || first.maxLength !== undefined ? `${first.minLength ?? 0}–${first.maxLength ?? ''}` : '';
      const rules = cell(probes.map((p) => (p === undefined || p.rules.length === 0 ? '' : p.rules.join('; '))));
      out.push(`| \`${path}\` | ${presence} | ${format} | ${size} | ${rules} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
