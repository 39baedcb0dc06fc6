import type { PlannedNotificationInput } from '../store/job-store.js';
import type { StreamedManifest } from './lib/manifest-types.js';
import { sourceConventionsOf, type SourceConventions } from './lib/output-conventions.js';
import { fileOutcome, RecordPlanner, type FileProblem, type SeenTransport } from './lib/plan-record.js';

/** The outcome of a streamed plan, known once every item was read. */
export interface StreamedPlanOutcome {
  readonly fileProblems: FileProblem[];
  /** Warnings about the whole file (encoding fallback, unread columns, unmatched XML paths). */
  readonly fileWarnings: FileProblem[];
  /** Set when nothing in the file can be sent: the manifest fails as a whole (discard what was stored). */
  readonly fatal: string | undefined;
  readonly counts: { readonly records: number; readonly invalid: number };
  /** The manifest file's own encoding, BOM and delimiter (results are written the same way by default). */
  readonly source: SourceConventions;
}

/** A plan produced while the file is read. */
export interface StreamedManifestPlan {
  /** The notifications to store, one per record, produced as the records are mapped. Read it once. */
  readonly items: AsyncIterable<PlannedNotificationInput>;
  /** After `items` was read to the end: file problems, fatal, counts. */
  outcome(): Promise<StreamedPlanOutcome>;
}

/**
 * {@link planManifest} for a manifest being read: each record is planned as it comes (same
 * checks, same per-file duplicate-key rule), so only the record at hand and the file's keys are
 * held. Feed `items` to `store.planNotificationsStream`, then read `outcome()`.
 *
 * @example
 * const plan = planManifestStream(parseManifestStream({ stream }, 'orders.csv', settings), { now: Date.now() });
 * const stored = await store.planNotificationsStream(manifest.id, owner, plan.items);
 * const { fatal, counts } = await plan.outcome();
 */
export function planManifestStream(
  parsed: StreamedManifest,
  options: {
    now: number;
    /**
     * Rows to add after the file's own (positions from `nextPosition` on), knowing the file's
     * transports: the DELETEs of transports it replaces ({@link planSupersededTransports}).
     */
    after?: (transports: readonly SeenTransport[], nextPosition: number) => AsyncIterable<PlannedNotificationInput>;
  },
): StreamedManifestPlan {
  const planner = new RecordPlanner(parsed.mode, options.now);
  let finished = false;
  async function* items(): AsyncGenerator<PlannedNotificationInput> {
    for await (const record of parsed.records) yield await planner.plan(record);
    // Only a file read to the end knows all its transports (a fatal file is discarded anyway).
    const report = await parsed.report;
    if (options.after !== undefined && report.fatal === undefined) yield* options.after(planner.transports, planner.records + 1);
    finished = true;
  }
  return {
    items: items(),
    async outcome() {
      if (!finished) throw new TypeError('planManifestStream: outcome() is known only after items was read to the end');
      const report = await parsed.report;
      const { fileProblems, fatal, fileWarnings } = fileOutcome(report, planner.records);
      return { fileProblems, fileWarnings, fatal, counts: { records: planner.records, invalid: planner.invalid }, source: sourceConventionsOf(report) };
    },
  };
}
