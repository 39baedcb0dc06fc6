/** The values of each row of a presentation, relation or arrival file, as its profile maps them. */
import { validateRequestBody, type RequestBodyKind } from '@tollkit/messages';
import type { ManifestProblem } from '../types.js';
import type { JsonValue } from './drafts.js';
import { compileFields, convertRaw, createConvertSettings, placeOf, readRaw, type CompiledField, type SourceRow } from './fields.js';
import type { MessageProfile, PresentationRows } from './presentation-rows.js';
import type { PresentationReport } from '../parse-presentation-manifest.js';
import type { ProblemLog } from './problems.js';

/** One row's mapped values (as text), its problems so far, and how to add one. */
export interface RowValues<R, F extends string> {
  readonly row: SourceRow<R>;
  readonly values: Partial<Record<F, string>>;
  readonly byTarget: ReadonlyMap<string, CompiledField<R>>;
  readonly problems: ManifestProblem[];
  add(problem: ManifestProblem): void;
}

function stringOf(v: JsonValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Maps each row with the profile's field specs (reading, translations, conversions, checks);
 * problems are logged with file, line, column and field and kept per row. `required` fields must
 * have a value on every row.
 */
export function* mapRowValues<R, F extends string>(
  rows: PresentationRows<R>,
  profile: MessageProfile,
  fieldSpecs: Parameters<typeof compileFields>[1],
  required: readonly string[],
  log: ProblemLog,
  params: Readonly<Record<string, string>>,
): Generator<RowValues<R, F>> {
  const settings = createConvertSettings(profile, { singleByteEncoding: rows.singleByteEncoding, dayShift: 0, params });
  const fields = compileFields(profile, fieldSpecs, rows.bind, new Set(required));
  for (const row of rows.rows) {
    const problems: ManifestProblem[] = [];
    const add = (p: ManifestProblem) => {
      log.add(p);
      problems.push(p);
    };
    const values: Partial<Record<F, string>> = {};
    const byTarget = new Map<string, CompiledField<R>>();
    for (const f of fields) {
      byTarget.set(f.target, f);
      const raw = readRaw(f, row.data, settings);
      if (raw.kind === 'error') {
        add(log.make(raw.problem.severity, raw.problem.code, placeOf(f, row, raw.problem.value), raw.problem.message));
        continue;
      }
      if (raw.kind !== 'raw') continue;
      const converted = convertRaw(f, raw.raw, raw.fromFile, settings);
      for (const w of converted.warnings) add(log.make(w.severity, w.code, placeOf(f, row, w.value), w.message));
      if (!converted.ok) {
        add(log.make('error', converted.problem.code, placeOf(f, row, converted.problem.value), converted.problem.message));
        continue;
      }
      if (converted.value === undefined) continue; // omitted: empty after translation
      values[f.target as F] = stringOf(converted.value);
    }
    yield { row, values, byTarget, problems, add };
  }
}

/** Customs' synchronous rules for a request body (`@tollkit/messages`), each broken one a row problem. */
export function checkBody<R>(kind: RequestBodyKind, body: unknown, row: SourceRow<R>, log: ProblemLog, add: (p: ManifestProblem) => void): void {
  const checked = validateRequestBody(kind, body);
  if (!checked.ok) {
    for (const e of checked.errors) add(log.make('error', 'DRAFT_INVALID', { line: row.line, path: row.path, field: e.field }, `${e.field}: ${e.error}`));
  }
}

/** The file-level report of a presentation, relation or arrival file (`presentations` = good records). */
export function messageReportOf(file: string, profile: MessageProfile, rowsRead: number, good: number, log: ProblemLog): PresentationReport {
  return {
    file,
    profile: profile.name,
    format: profile.format,
    rowsRead,
    presentations: good,
    errorCount: log.errorCount,
    warningCount: log.warningCount,
    problems: log.problems,
    ...(log.fatal !== undefined ? { fatal: log.fatal } : {}),
    ok: log.errorCount === 0,
  };
}
