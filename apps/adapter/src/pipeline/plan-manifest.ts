import { checkNotificationRules, validateNotification } from '@tollkit/messages';
import type { NotificationError, PlannedNotificationInput } from '../store/job-store.js';
import { buildBody, type StoredPayload } from './lib/build-body.js';
import { payloadHash } from './lib/canonical-hash.js';
import { documentKeyOf } from './lib/document-key.js';
import type { ManifestProblemLike, ParsedManifest } from './lib/manifest-types.js';
import { errorText, problemToError } from './lib/problem-text.js';

/** A problem of the file that belongs to no notification (a rejected row, a bad encoding). */
export interface FileProblem {
  readonly line: number | null;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

/** What a parsed manifest becomes: the notifications to store, and what the file got wrong. */
export interface ManifestPlan {
  readonly items: PlannedNotificationInput[];
  readonly fileProblems: FileProblem[];
  /** Set when nothing in the file can be sent: the manifest fails as a whole. */
  readonly fatal: string | undefined;
  readonly counts: { readonly records: number; readonly invalid: number };
}

const FILE_LEVEL = /^(FILE_|ENCODING_|CSV_|XML_)/;

function toFileProblem(p: ManifestProblemLike): FileProblem {
  const e = problemToError(p);
  return { line: p.line ?? null, field: 'field' in e ? e.field : '', code: p.code, message: errorText(e) };
}

/**
 * Turns a parsed manifest into the notifications to store: builds each body, runs Customs'
 * synchronous checks (`validateNotification`) and asynchronous rules (`checkNotificationRules`)
 * locally, and marks rows with problems `invalid` (reported, never sent). The rest proceeds.
 *
 * @example
 * const plan = await planManifest(parsed, { now: Date.now() });
 * await store.planNotifications(manifest.id, owner, plan.items);
 */
export async function planManifest(parsed: ParsedManifest, options: { now: number }): Promise<ManifestPlan> {
  const items: PlannedNotificationInput[] = [];
  const seen = new Map<string, number>();
  let invalid = 0;
  for (const [index, record] of parsed.records.entries()) {
    const firstLine = record.source.firstLine;
    const errors: NotificationError[] = record.problems.filter((p) => p.severity === 'error').map(problemToError);
    const warnings = record.problems.filter((p) => p.severity === 'warning').map((p) => errorText(problemToError(p)));
    const key = documentKeyOf(record.level, record.draft);
    let documentNumber = key?.documentNumber ?? `(no document number, line ${firstLine})`;
    const type = key?.type ?? '';
    if (key === undefined && errors.length === 0) errors.push({ field: '', error: `the record has no document number/type (line ${firstLine})` });
    const identity = `${record.level}|${documentNumber}|${type}|${key?.carrier ?? ''}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      errors.push({ field: '', error: `the same ${record.level} key appears twice in the file (first at line ${earlier}); this one is not sent` });
      documentNumber = `${documentNumber} (line ${firstLine})`;
    } else seen.set(identity, firstLine);

    const payload: StoredPayload = {
      draft: record.draft,
      ...(record.receptacleIds !== undefined && record.receptacleIds.length > 0 ? { receptacleIds: [...record.receptacleIds] } : {}),
      firstLine,
      lastLine: record.source.lastLine,
      warnings,
    };
    if (errors.length === 0 && record.ok) {
      const body = buildBody(record.level, payload, options.now);
      const checked = validateNotification(record.level, body, parsed.mode);
      if (!checked.ok) errors.push(...checked.errors.map((e) => ({ field: e.field, error: `${e.error} (line ${firstLine})` })));
      else {
        const rules = await checkNotificationRules(record.level, checked.value, parsed.mode, { now: options.now });
        errors.push(
          ...rules.map((r) => ({ description: `${r.description} (line ${firstLine})`, pointer: { messageElementPath: r.pointer.messageElementPath } })),
        );
      }
    } else if (errors.length === 0) {
      errors.push({ field: '', error: `the record could not be mapped completely (line ${firstLine})` });
    }
    if (errors.length > 0) invalid++;
    items.push({
      level: record.level,
      mode: parsed.mode,
      documentNumber,
      type,
      ...(key?.carrier !== undefined ? { carrier: key.carrier } : {}),
      position: index + 1,
      // The hash covers what would be sent (the draft + receptacle list), not line numbers.
      payloadHash: payloadHash({ draft: payload.draft, receptacleIds: payload.receptacleIds ?? [] }),
      payload,
      ...(errors.length > 0 ? { invalidErrors: errors } : {}),
    });
  }
  const fileProblems = parsed.report.problems.filter((p) => FILE_LEVEL.test(p.code) && p.severity === 'error').map(toFileProblem);
  let fatal: string | undefined;
  if (parsed.report.fatal !== undefined) {
    fatal = errorText(problemToError(parsed.report.fatal));
    if (!fileProblems.some((p) => p.code === parsed.report.fatal?.code && p.line === (parsed.report.fatal?.line ?? null))) {
      fileProblems.unshift(toFileProblem(parsed.report.fatal));
    }
  } else if (items.length === 0) {
    fatal = fileProblems.length > 0 ? `no notification could be read from the file: ${fileProblems[0]?.message}` : 'the file contains no notifications';
  }
  return { items, fileProblems, fatal, counts: { records: items.length, invalid } };
}
