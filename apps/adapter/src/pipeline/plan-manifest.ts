import type { PlannedNotificationInput } from '../store/job-store.js';
import type { ParsedManifest } from './lib/manifest-types.js';
import { sourceConventionsOf, type SourceConventions } from './lib/output-conventions.js';
import { fileOutcome, RecordPlanner, type FileProblem } from './lib/plan-record.js';

export type { FileProblem } from './lib/plan-record.js';

/** What a parsed manifest becomes: the notifications to store, and what the file got wrong. */
export interface ManifestPlan {
  readonly items: PlannedNotificationInput[];
  readonly fileProblems: FileProblem[];
  /** Warnings about the whole file (encoding fallback, unread columns, unmatched XML paths); nothing is held back for them. */
  readonly fileWarnings: FileProblem[];
  /** Set when nothing in the file can be sent: the manifest fails as a whole. */
  readonly fatal: string | undefined;
  readonly counts: { readonly records: number; readonly invalid: number };
  /** The manifest file's own encoding, BOM and delimiter (results are written the same way by default). */
  readonly source: SourceConventions;
}

/**
 * Turns a parsed manifest into the notifications to store: builds each body, runs Customs'
 * synchronous checks (`validateNotification`) and asynchronous rules (`checkNotificationRules`)
 * locally, and marks rows with problems `invalid` (reported, never sent). The rest proceeds.
 * Holds every item: for big files use {@link planManifestStream}.
 *
 * @example
 * const plan = await planManifest(parsed, { now: Date.now() });
 * await store.planNotifications(manifest.id, owner, plan.items);
 */
export async function planManifest(parsed: ParsedManifest, options: { now: number }): Promise<ManifestPlan> {
  const planner = new RecordPlanner(parsed.mode, options.now);
  const items: PlannedNotificationInput[] = [];
  for (const record of parsed.records) items.push(await planner.plan(record));
  const { fileProblems, fatal, fileWarnings } = fileOutcome(parsed.report, items.length);
  return { items, fileProblems, fileWarnings, fatal, counts: { records: items.length, invalid: planner.invalid }, source: sourceConventionsOf(parsed.report) };
}
