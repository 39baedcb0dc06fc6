import { createReadStream } from 'node:fs';
import { isPresentationProfile, isRelationOrArrivalProfile } from '@tollkit/manifest';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TransportMode } from '@tollkit/codesets';
import { checkParams, type MappingProfile } from '@tollkit/manifest';
import { assessProcedure, listVariants, type ProcedureInput } from '@tollkit/procedures';
import type { NotificationError } from '../store/job-store.js';
import { asStoredPayload, buildBody } from '../pipeline/lib/build-body.js';
import { ChannelReadFailure, ManifestParseFailure } from '../pipeline/lib/stream-failures.js';
import { parseManifestFile } from '../pipeline/parse-manifest-file.js';
import { parseManifestStream } from '../pipeline/parse-manifest-stream.js';
import { planManifest, type FileProblem } from '../pipeline/plan-manifest.js';
import { planManifestStream } from '../pipeline/plan-manifest-stream.js';
import type { ChannelProfile } from '../pipeline/ports.js';
import type { PartnerProfile } from '@tollkit/manifest';
import { ConfigInvalidError } from '../errors.js';
import { loadChannelProfile } from './lib/runtime.js';

/** Options of {@link convertManifest} and {@link validateManifest}. */
export interface ConvertOptions {
  /** The manifest file. */
  readonly file: string;
  /** A mapping profile file, or the name of a bundled example profile. */
  readonly profile: string;
  /** The config file the profile path is relative to (optional). */
  readonly configFile?: string | undefined;
  /** Values for profile fields that take `param`. */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Move every datetime by whole days (`yyyy-MM-dd` → `yyyy-MM-dd`), e.g. to try old files. */
  readonly dateRebase?: { readonly from: string; readonly to: string } | undefined;
  readonly now?: (() => number) | undefined;
}

/** One notification of a dry run. */
export interface ConvertedNotification {
  readonly level: string;
  readonly mode: string;
  readonly documentNumber: string;
  readonly type: string;
  /** First line in the file of the rows that made it. */
  readonly line: number | null;
  /** `would-send`: valid locally, this exact body would be POSTed; `invalid`: not sent, see `errors`. */
  readonly status: 'would-send' | 'invalid';
  readonly errors: readonly { field: string; message: string }[];
  readonly warnings: readonly string[];
  /** Houses: the procedure as Customs will judge it (see {@link HouseProcedure}). */
  readonly procedure?: HouseProcedure;
  /** The request body that would be sent (as mapped, when invalid). */
  readonly body: unknown;
}

/**
 * A house's customs procedure as Customs will judge it (`@tollkit/procedures` assessProcedure):
 * the variant in Customs' numbering (1–33, `null` when the combination is none of them) and the
 * incomplete-documentation reasons Customs will report (the house is accepted but held at the
 * border until the references arrive).
 */
export interface HouseProcedure {
  readonly variant: number | null;
  /** Customs' English description of the variant (first line). */
  readonly description: string | null;
  readonly incompleteReasons: readonly string[];
}

/** What a dry run of a manifest gives. */
export interface ConvertResult {
  readonly file: string;
  readonly profile: string;
  readonly mode: string;
  /** Set when the file cannot be read at all (it would go to failed/). */
  readonly fatal: string | undefined;
  readonly fileProblems: readonly FileProblem[];
  /** Warnings about the whole file: encoding fallback, columns no field reads, XML paths that match nothing, day/month order doubts. */
  readonly fileWarnings: readonly FileProblem[];
  readonly summary: { readonly notifications: number; readonly wouldSend: number; readonly invalid: number; readonly fileProblems: number };
  readonly notifications: readonly ConvertedNotification[];
}

const VARIANT_TEXT = new Map(listVariants().map((v) => [v.variant, v.description.en[0] ?? null]));

/** The procedure of a house body (or draft), as Customs will judge it; undefined when it has no house level. */
function houseProcedure(body: unknown, mode: TransportMode): HouseProcedure | undefined {
  const house = (body as { consignmentHouseLevel?: unknown } | null)?.consignmentHouseLevel;
  if (typeof house !== 'object' || house === null || Array.isArray(house)) return undefined;
  const a = assessProcedure(house as ProcedureInput, mode);
  return { variant: a.variant ?? null, description: a.variant === undefined ? null : (VARIANT_TEXT.get(a.variant) ?? null), incompleteReasons: a.incompleteReasons };
}

/** The body a stored payload would give (the draft when it is too incomplete to build). */
function bodyOf(level: string, payload: ReturnType<typeof asStoredPayload>, now: number): unknown {
  if (payload === undefined) return undefined;
  try {
    return buildBody(level as Parameters<typeof buildBody>[0], payload, now);
  } catch {
    return payload.draft;
  }
}

function toFieldMessage(e: NotificationError): { field: string; message: string } {
  return 'field' in e ? { field: e.field, message: e.error } : { field: e.pointer?.messageElementPath ?? '', message: e.description };
}

/**
 * The channel settings a dry run (convert, validate) maps with: the profile, its params and date
 * rebase. A param the profile has no field for is refused (`MANIFEST_PARAM_UNKNOWN`, config: exit code 3): it
 * would be ignored silently, and a typo in its name would leave the field it was meant for empty.
 */
function dryRunSettings(
  profile: ChannelProfile['profile'],
  profileName: string,
  options: { readonly params?: ChannelProfile['params']; readonly dateRebase?: ChannelProfile['dateRebase'] },
): ChannelProfile {
  if (isPresentationProfile(profile) || isRelationOrArrivalProfile(profile)) {
    throw new ConfigInvalidError(profileName, [
      { path: 'kind', message: `is a ${profile.kind} profile: convert and validate read notification manifests; a ${profile.kind} file is checked row by row when its channel sends it (result file)` },
    ]);
  }
  // A parameter the profile does not take is a typo (or the wrong profile): refuse it, never ignore it.
  checkParams(profile as MappingProfile, options.params ?? {});
  return {
    name: 'dry-run',
    profile,
    profileName,
    resultFormat: 'json',
    ...(options.params !== undefined ? { params: options.params } : {}),
    ...(options.dateRebase !== undefined ? { dateRebase: options.dateRebase } : {}),
  };
}

/**
 * `tollkit convert --dry-run --profile <profile> <file>`: maps a manifest with a profile and returns
 * the exact request bodies that would be sent (stamped with the current `documentIssueDate`), with
 * the same local validation the service applies. Sends nothing, stores nothing.
 *
 * @example
 * const result = await convertManifest({ file: 'orders.csv', profile: 'road-forwarder-export' });
 * console.log(JSON.stringify(result.notifications.map((n) => n.body), null, 2));
 */
export async function convertManifest(options: ConvertOptions): Promise<ConvertResult> {
  const { profile, name } = await loadChannelProfile(options.profile, options.configFile);
  const bytes = await readFile(options.file);
  return convertManifestBytes({ ...options, bytes, fileName: basename(options.file), profile, profileName: name });
}

/** Options of {@link convertManifestBytes}: the manifest's bytes and a loaded profile instead of paths. */
export interface ConvertBytesOptions extends Omit<ConvertOptions, 'profile' | 'configFile'> {
  readonly bytes: Uint8Array;
  /** The manifest's file name (its extension and name appear in messages). */
  readonly fileName: string;
  readonly profile: PartnerProfile;
  /** How the profile is named in the result. */
  readonly profileName: string;
}

/**
 * {@link convertManifest} on bytes in memory with a loaded profile (the console's profile workbench):
 * the same parse, plan and local validation. Sends nothing, stores nothing, writes nothing.
 *
 * @example
 * const result = await convertManifestBytes({ file: 'sample.csv', fileName: 'sample.csv', bytes, profile, profileName: 'draft' });
 */
export async function convertManifestBytes(options: ConvertBytesOptions): Promise<ConvertResult> {
  const now = (options.now ?? Date.now)();
  const settings = dryRunSettings(options.profile, options.profileName, options);
  const parsed = await parseManifestFile(Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.byteLength), options.fileName, settings);
  const plan = await planManifest(parsed, { now });
  const notifications: ConvertedNotification[] = plan.items.map((item) => {
    const payload = asStoredPayload(item.payload);
    const invalid = (item.invalidErrors ?? []).length > 0;
    const body = bodyOf(item.level, payload, now);
    const procedure = item.level === 'house-consignment' ? houseProcedure(body, parsed.mode) : undefined;
    return {
      level: item.level,
      mode: item.mode,
      documentNumber: item.documentNumber,
      type: item.type,
      line: payload?.firstLine ?? null,
      status: invalid ? 'invalid' : 'would-send',
      errors: (item.invalidErrors ?? []).map(toFieldMessage),
      warnings: payload?.warnings ?? [],
      ...(procedure === undefined ? {} : { procedure }),
      body,
    };
  });
  const invalid = notifications.filter((n) => n.status === 'invalid').length;
  return {
    file: options.file,
    profile: options.profileName,
    mode: parsed.mode,
    fatal: plan.fatal,
    fileProblems: plan.fileProblems,
    fileWarnings: plan.fileWarnings,
    summary: { notifications: notifications.length, wouldSend: notifications.length - invalid, invalid, fileProblems: plan.fileProblems.length },
    notifications,
  };
}

/**
 * The problems of a dry run as `validate` lists them: file-level problems first, then each
 * notification's problems in file order, each once with its line, level, document and field.
 *
 * @example
 * for (const p of problemsOf(await convertManifest({ file: 'orders.csv', profile: './acme.yaml' }))) console.log(formatProblem(p));
 */
export function problemsOf(result: ConvertResult): ValidationProblem[] {
  return [
    ...result.fileProblems.map((p) => ({ line: p.line, level: null, documentNumber: null, field: p.field, message: p.message })),
    ...result.notifications.flatMap((n) => n.errors.map((e) => ({ line: n.line, level: n.level, documentNumber: n.documentNumber, field: e.field, message: e.message }))),
  ];
}

/** One problem `validate` reports: a file-level one (no level) or one of a notification. */
export interface ValidationProblem {
  readonly line: number | null;
  readonly level: string | null;
  readonly documentNumber: string | null;
  readonly field: string;
  readonly message: string;
}

/** A house Customs will accept as INCOMPLETE (held at the border until the references arrive). */
export interface IncompleteHouse {
  readonly line: number | null;
  readonly documentNumber: string;
  readonly variant: number | null;
  readonly incompleteReasons: readonly string[];
}

/** What `validate` reports: the dry run without bodies. */
export interface ValidateResult extends Omit<ConvertResult, 'notifications'> {
  readonly ok: boolean;
  /** File-level problems first, then the notifications' problems in file order. */
  readonly problems: readonly ValidationProblem[];
  /**
   * The houses' procedures as Customs will judge them: how many houses per variant (Customs'
   * numbering; `none` when the combination is none of them) and the houses Customs will report
   * as INCOMPLETE (the first 1,000; `incompleteCount` is exact).
   */
  readonly procedures: {
    readonly byVariant: Readonly<Record<string, number>>;
    readonly incomplete: readonly IncompleteHouse[];
    readonly incompleteCount: number;
  };
}

const MAX_INCOMPLETE_LISTED = 1_000;

/** Options of {@link validateManifest} beyond {@link ConvertOptions}. */
export interface ValidateOptions extends ConvertOptions {
  /** Called for each notification's problem as soon as it is found (file-level ones come at the end). */
  readonly onProblem?: ((problem: ValidationProblem) => void) | undefined;
  /**
   * Keep the notifications' problems in the result (default true). A caller that handles them in
   * `onProblem` can pass false: the result then lists only the file-level problems, and memory no
   * longer grows with the number of bad rows.
   */
  readonly keepRowProblems?: boolean | undefined;
  /** Called for each house Customs will report as INCOMPLETE, as soon as it is planned. */
  readonly onIncomplete?: ((house: IncompleteHouse) => void) | undefined;
}

/**
 * `tollkit validate --profile <profile> <file>`: every problem the service would report for this file
 * (per-row parse and mapping problems with line and field, Customs' synchronous checks and the rules
 * checked locally), and whether the file is clean. Sends nothing. The file is read as a stream and
 * each record checked as it is mapped: memory does not grow with the file, only with its problems.
 *
 * @example
 * const { ok, problems } = await validateManifest({ file: 'orders.csv', profile: './acme.yaml' });
 */
export async function validateManifest(options: ValidateOptions): Promise<ValidateResult> {
  const now = (options.now ?? Date.now)();
  const { profile, name } = await loadChannelProfile(options.profile, options.configFile);
  const settings = dryRunSettings(profile, name, options);
  const parsed = parseManifestStream({ stream: createReadStream(options.file, { highWaterMark: 64 * 1024 }) }, basename(options.file), settings);
  const plan = planManifestStream(parsed, { now });
  const rowProblems: ValidationProblem[] = [];
  const byVariant: Record<string, number> = {};
  const incomplete: IncompleteHouse[] = [];
  let incompleteCount = 0;
  try {
    for await (const item of plan.items) {
      if (item.level === 'house-consignment') {
        const payload = asStoredPayload(item.payload);
        const procedure = houseProcedure(bodyOf(item.level, payload, now), parsed.mode);
        if (procedure !== undefined) {
          const key = procedure.variant === null ? 'none' : String(procedure.variant);
          byVariant[key] = (byVariant[key] ?? 0) + 1;
          if (procedure.incompleteReasons.length > 0) {
            incompleteCount++;
            const house = { line: payload?.firstLine ?? null, documentNumber: item.documentNumber, variant: procedure.variant, incompleteReasons: procedure.incompleteReasons };
            if (incomplete.length < MAX_INCOMPLETE_LISTED) incomplete.push(house);
            options.onIncomplete?.(house);
          }
        }
      }
      for (const e of item.invalidErrors ?? []) {
        const { field, message } = toFieldMessage(e);
        const problem = { line: asStoredPayload(item.payload)?.firstLine ?? null, level: item.level, documentNumber: item.documentNumber, field, message };
        if (options.keepRowProblems !== false) rowProblems.push(problem);
        options.onProblem?.(problem);
      }
    }
  } catch (error) {
    // As before the streaming: a read or parser exception is the command's error, not a row's.
    throw error instanceof ChannelReadFailure || error instanceof ManifestParseFailure ? error.cause : error;
  }
  const { fatal, fileProblems, fileWarnings, counts } = await plan.outcome();
  const problems = [
    ...fileProblems.map((p) => ({ line: p.line, level: null, documentNumber: null, field: p.field, message: p.message })),
    ...rowProblems,
  ];
  return {
    file: options.file,
    profile: name,
    mode: parsed.mode,
    fatal,
    fileProblems,
    fileWarnings,
    summary: { notifications: counts.records, wouldSend: counts.records - counts.invalid, invalid: counts.invalid, fileProblems: fileProblems.length },
    ok: fatal === undefined && fileProblems.length === 0 && counts.invalid === 0,
    problems,
    procedures: { byVariant, incomplete, incompleteCount },
  };
}

/** Human-readable text of a validation result (one problem per line). */
export function formatValidation(result: ValidateResult): string {
  return [
    ...result.fileWarnings.map(formatFileWarning),
    formatProcedures(result),
    formatValidationHead(result),
    ...result.problems.map(formatProblem),
    result.ok ? 'OK' : 'NOT OK',
  ].join('\n');
}

/** A file-level warning as a line: `  warning: line 1: 2 columns are not read by the profile: …`. */
export function formatFileWarning(w: FileProblem): string {
  return `  warning: ${w.line === null ? '' : `line ${w.line}: `}${w.message}`;
}

/** A house Customs will report INCOMPLETE, as a line. */
export function formatIncomplete(h: IncompleteHouse): string {
  return `  ${h.line === null ? '' : `line ${h.line}: `}house-consignment ${h.documentNumber}: variant ${h.variant ?? '(none)'}, Customs will report ${h.incompleteReasons.join(', ')} (accepted, held at the border until the references arrive)`;
}

/** `procedure variants (Customs' numbering): 1×3, 2×1; 1 house(s) will be INCOMPLETE`. */
function formatProcedures(result: ValidateResult): string {
  const v = Object.entries(result.procedures.byVariant).sort(([a], [b]) => Number(a) - Number(b));
  const variants = v.length === 0 ? 'no houses' : v.map(([k, n]) => `${k === 'none' ? 'none' : `variant ${k}`} ×${n}`).join(', ');
  return `procedures (Customs' numbering): ${variants}; ${result.procedures.incompleteCount} house(s) will be INCOMPLETE`;
}

/** The summary line of a validation result (and the reason when the file cannot be read). */
function formatValidationHead(result: ValidateResult): string {
  const head = `${result.file} (profile ${result.profile}, ${result.mode}): ${result.summary.notifications} notifications, ${result.summary.wouldSend} valid, ${result.summary.invalid} invalid, ${result.summary.fileProblems} file problems`;
  return result.fatal === undefined ? head : `${head}\n  FILE CANNOT BE READ: ${result.fatal}`;
}

/** One problem as a line: `  line 3: house-consignment CMR-1: field: message`. */
export function formatProblem(p: ValidationProblem): string {
  return `  ${p.line === null ? '' : `line ${p.line}: `}${p.level === null ? '' : `${p.level} ${p.documentNumber}: `}${p.field === '' ? '' : `${p.field}: `}${p.message}`;
}
