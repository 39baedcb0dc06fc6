import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { checkParams, type MappingProfile } from '@tollkit/manifest';
import type { NotificationError } from '../store/job-store.js';
import { asStoredPayload, buildBody } from '../pipeline/lib/build-body.js';
import { ChannelReadFailure, ManifestParseFailure } from '../pipeline/lib/stream-failures.js';
import { parseManifestFile } from '../pipeline/parse-manifest-file.js';
import { parseManifestStream } from '../pipeline/parse-manifest-stream.js';
import { planManifest, type FileProblem } from '../pipeline/plan-manifest.js';
import { planManifestStream } from '../pipeline/plan-manifest-stream.js';
import type { ChannelProfile } from '../pipeline/ports.js';
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
  /** The request body that would be sent (as mapped, when invalid). */
  readonly body: unknown;
}

/** What a dry run of a manifest gives. */
export interface ConvertResult {
  readonly file: string;
  readonly profile: string;
  readonly mode: string;
  /** Set when the file cannot be read at all (it would go to failed/). */
  readonly fatal: string | undefined;
  readonly fileProblems: readonly FileProblem[];
  readonly summary: { readonly notifications: number; readonly wouldSend: number; readonly invalid: number; readonly fileProblems: number };
  readonly notifications: readonly ConvertedNotification[];
}

function toFieldMessage(e: NotificationError): { field: string; message: string } {
  return 'field' in e ? { field: e.field, message: e.error } : { field: e.pointer?.messageElementPath ?? '', message: e.description };
}

/** The channel settings a dry run (convert, validate) maps with: the profile, its params and date rebase. */
function dryRunSettings(
  profile: ChannelProfile['profile'],
  profileName: string,
  options: { readonly params?: ChannelProfile['params']; readonly dateRebase?: ChannelProfile['dateRebase'] },
): ChannelProfile {
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
  const now = (options.now ?? Date.now)();
  const { profile, name } = await loadChannelProfile(options.profile, options.configFile);
  const settings = dryRunSettings(profile, name, options);
  const bytes = await readFile(options.file);
  const parsed = await parseManifestFile(bytes, basename(options.file), settings);
  const plan = await planManifest(parsed, { now });
  const notifications: ConvertedNotification[] = plan.items.map((item) => {
    const payload = asStoredPayload(item.payload);
    const invalid = (item.invalidErrors ?? []).length > 0;
    let body: unknown = payload?.draft;
    if (payload !== undefined) {
      try {
        body = buildBody(item.level, payload, now);
      } catch {
        body = payload.draft;
      }
    }
    return {
      level: item.level,
      mode: item.mode,
      documentNumber: item.documentNumber,
      type: item.type,
      line: payload?.firstLine ?? null,
      status: invalid ? 'invalid' : 'would-send',
      errors: (item.invalidErrors ?? []).map(toFieldMessage),
      warnings: payload?.warnings ?? [],
      body,
    };
  });
  const invalid = notifications.filter((n) => n.status === 'invalid').length;
  return {
    file: options.file,
    profile: name,
    mode: parsed.mode,
    fatal: plan.fatal,
    fileProblems: plan.fileProblems,
    summary: { notifications: notifications.length, wouldSend: notifications.length - invalid, invalid, fileProblems: plan.fileProblems.length },
    notifications,
  };
}

/** One problem `validate` reports: a file-level one (no level) or one of a notification. */
export interface ValidationProblem {
  readonly line: number | null;
  readonly level: string | null;
  readonly documentNumber: string | null;
  readonly field: string;
  readonly message: string;
}

/** What `validate` reports: the dry run without bodies. */
export interface ValidateResult extends Omit<ConvertResult, 'notifications'> {
  readonly ok: boolean;
  /** File-level problems first, then the notifications' problems in file order. */
  readonly problems: readonly ValidationProblem[];
}

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
  try {
    for await (const item of plan.items) {
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
  const { fatal, fileProblems, counts } = await plan.outcome();
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
    summary: { notifications: counts.records, wouldSend: counts.records - counts.invalid, invalid: counts.invalid, fileProblems: fileProblems.length },
    ok: fatal === undefined && fileProblems.length === 0 && counts.invalid === 0,
    problems,
  };
}

/** Human-readable text of a validation result (one problem per line). */
export function formatValidation(result: ValidateResult): string {
  return [formatValidationHead(result), ...result.problems.map(formatProblem), result.ok ? 'OK' : 'NOT OK'].join('\n');
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
