import { CommandNotFoundError, CommandRefusedError } from '../errors.js';
import type { ManifestRecord } from '../store/job-store.js';
import { findAnything } from './find.js';
import { requeueManifest, type CommandContext } from './lib/requeue.js';

export type { CommandContext } from './lib/requeue.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What `resubmit` did. */
export interface ResubmitResult {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
  /** `rejected`: only rejected/invalid rows are sent again; `all`: accepted rows too, as updates by MRN. */
  readonly mode: 'rejected' | 'all';
  /** Where the file was taken from (`archive/<name>` or `failed/<name>`). */
  readonly from: string;
  /** Rows that will be sent again (rejected + invalid, plus accepted with `all`; every row of a failed file). */
  readonly toResend: number;
}

/**
 * Resolves one manifest from anything `status` accepts: a manifest id, a file name (the latest
 * version), an archive/failed name, or a requestId/MRN/waybill whose rows are all in one file.
 */
export async function resolveManifest(ctx: CommandContext, ref: string): Promise<ManifestRecord> {
  const q = ref.trim();
  const byId = UUID.test(q) ? await ctx.store.getManifest(q.toLowerCase()) : undefined;
  if (byId !== undefined) return byId;
  const found = await findAnything(ctx.store, q, { limit: 50 });
  if (found.manifests.length === 0) throw new CommandNotFoundError(`no manifest matches ${JSON.stringify(q)}`);
  const files = new Set(found.manifests.map((m) => `${m.channel}\n${m.originalName}`));
  if (files.size > 1) {
    throw new CommandRefusedError(`${JSON.stringify(q)} matches ${found.manifests.length} manifests of ${files.size} files; give a manifest id (see tollkit status ${q})`);
  }
  // Versions of one file: the latest.
  const latest = [...found.manifests].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id))[0];
  const manifest = latest === undefined ? undefined : await ctx.store.getManifest(latest.id);
  if (manifest === undefined) throw new CommandNotFoundError(`no manifest matches ${JSON.stringify(q)}`);
  return manifest;
}

/**
 * `tollkit resubmit <manifest> [--all]` and the console's resubmit action: sends again what Customs
 * rejected or local validation found invalid — by moving the manifest's file from archive/ (or
 * failed/) back into its channel's inbox with a resubmission recorded in the store, so the service
 * takes it as a new version of the file. Its planner re-creates rows that were rejected or invalid and
 * leaves accepted ones `unchanged`: an accepted notification is never created twice. `--all` sends
 * the accepted rows again as well, as updates (PUT by their MRN). Refused while the manifest is in
 * progress, when a newer version of the file exists, or when there is nothing to resend.
 *
 * @example
 * const result = await resubmitManifest({ config, store }, 'orders.csv');
 */
export async function resubmitManifest(ctx: CommandContext, ref: string, options: { readonly all?: boolean } = {}): Promise<ResubmitResult> {
  const manifest = await resolveManifest(ctx, ref);
  const [newer] = (await ctx.store.findManifests({ channel: manifest.channel, originalName: manifest.originalName, limit: 1000 })).filter(
    (m) => m.receivedAt > manifest.receivedAt || (m.receivedAt === manifest.receivedAt && m.id > manifest.id),
  );
  if (newer !== undefined) {
    throw new CommandRefusedError(`a newer version of ${manifest.originalName} exists (manifest ${newer.id}, ${newer.state}); resubmit that one`);
  }
  const counts = await ctx.store.countNotifications(manifest.id);
  const mode = options.all === true ? 'all' : 'rejected';
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const toResend =
    manifest.state === 'failed'
      ? total
      : (counts.rejected ?? 0) + (counts.invalid ?? 0) + (mode === 'all' ? (counts.accepted ?? 0) + (counts.routed ?? 0) : 0);
  if (manifest.state !== 'failed' && toResend === 0) {
    throw new CommandRefusedError(`nothing to resubmit in ${manifest.originalName} (manifest ${manifest.id}): no row was rejected or invalid${mode === 'all' ? ' or accepted' : ''}`);
  }
  const moved = await requeueManifest(ctx, manifest, manifest.state === 'failed' ? undefined : mode);
  return { manifestId: manifest.id, channel: moved.channel, file: manifest.originalName, mode, from: moved.from, toResend };
}
