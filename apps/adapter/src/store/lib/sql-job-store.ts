import { createHash, randomUUID } from 'node:crypto';
import { StoreClosedError } from '../../errors.js';
import { manifestOutcomes, type ManifestOutcome } from '../job-store.js';
import type {
  OperatorActionInput,
  OperatorActionKind,
  OperatorActionRecord,
  RoutingResultPage,
  JobStore,
  LeaseOptions,
  ManifestPageQuery,
  ManifestQuery,
  ManifestRecord,
  ManifestTransition,
  NotificationAttempt,
  NotificationError,
  NotificationPage,
  NotificationQuery,
  NotificationRecord,
  NotificationTransition,
  OutboxInput,
  OutboxRecord,
  PlannedNotificationCounts,
  PlannedNotificationInput,
  QueueDepths,
  ReceiveManifestInput,
  ReceiveManifestResult,
  ResubmissionInput,
  RecordedRoutingResult,
  RoutingMarkerAdvance,
  RoutingResultInput,
} from '../job-store.js';
import {
  assertManifestTransition,
  assertNotificationTransition,
  manifestStates,
  notificationStates,
  terminalManifestStates,
  type ManifestState,
  type NotificationOperation,
  type NotificationState,
} from '../states.js';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver.js';

type Row = Record<string, unknown>;

/**
 * Rows per transaction of `planNotificationsStream` (one commit each). The stream yields to the
 * event loop between batches. Measured on 312,001 rows (bench/memory.ts --rows 300000): 1,000 rows
 * planned in 73 s with the slowest `/healthz` at 292 ms; 250 rows took 104 s for the same 287 ms.
 */
const PLAN_BATCH_ROWS = 1000;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : (JSON.parse(String(v)) as T));

function toManifest(row: Row): ManifestRecord {
  return {
    id: str(row.id),
    channel: str(row.channel),
    originalName: str(row.original_name),
    processingName: str(row.processing_name),
    contentHash: str(row.content_hash),
    size: num(row.size),
    state: str(row.state) as ManifestState,
    previousManifestId: strOrNull(row.previous_manifest_id),
    leaseOwner: strOrNull(row.lease_owner),
    leaseExpiresAt: numOrNull(row.lease_expires_at),
    retryAt: numOrNull(row.retry_at),
    leaseCount: num(row.lease_count),
    failure: json(row.failure, null),
    result: json(row.result, null),
    receivedAt: num(row.received_at),
    updatedAt: num(row.updated_at),
    outcome: strOrNull(row.outcome) as ManifestRecord['outcome'],
    outcomeCounts: json(row.outcome_counts, null),
    resubmit: strOrNull(row.resubmit) as ManifestRecord['resubmit'],
  };
}

function toNotification(row: Row): NotificationRecord {
  return {
    id: str(row.id),
    manifestId: str(row.manifest_id),
    level: str(row.level) as NotificationRecord['level'],
    mode: str(row.mode) as NotificationRecord['mode'],
    documentNumber: str(row.document_number),
    type: str(row.type),
    carrier: strOrNull(row.carrier),
    key: str(row.key),
    position: num(row.position),
    operation: str(row.operation) as NotificationOperation,
    payloadHash: str(row.payload_hash),
    payload: json(row.payload, null),
    state: str(row.state) as NotificationState,
    previousNotificationId: strOrNull(row.previous_notification_id),
    requestId: strOrNull(row.request_id),
    mrn: strOrNull(row.mrn),
    errors: json(row.errors, []),
    incompleteReasons: json(row.incomplete_reasons, []),
    submitAttempts: num(row.submit_attempts),
    pollAttempts: num(row.poll_attempts),
    lookupAttempts: num(row.lookup_attempts),
    lastError: strOrNull(row.last_error),
    nextAttemptAt: numOrNull(row.next_attempt_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toRouting(row: Row): RecordedRoutingResult {
  return {
    id: str(row.id),
    mrn: str(row.mrn),
    decision: str(row.decision),
    payload: json(row.payload, null),
    issuedAt: numOrNull(row.issued_at),
    receivedAt: num(row.received_at),
    notificationId: strOrNull(row.notification_id),
    manifestId: strOrNull(row.manifest_id),
    channel: strOrNull(row.channel),
  };
}

function toOutbox(row: Row): OutboxRecord {
  const content = row.content;
  return {
    id: str(row.id),
    channel: str(row.channel),
    fileName: str(row.file_name),
    content: Buffer.isBuffer(content) ? content : Buffer.from(content as Uint8Array),
    kind: str(row.kind) as OutboxRecord['kind'],
    manifestId: strOrNull(row.manifest_id),
    state: str(row.state) as OutboxRecord['state'],
    attempts: num(row.attempts),
    lastError: strOrNull(row.last_error),
    leaseOwner: strOrNull(row.lease_owner),
    leaseExpiresAt: numOrNull(row.lease_expires_at),
    retryAt: numOrNull(row.retry_at),
    createdAt: num(row.created_at),
    writtenAt: numOrNull(row.written_at),
  };
}

function toOperatorAction(row: Row): OperatorActionRecord {
  return {
    id: str(row.id),
    at: num(row.at),
    operator: str(row.operator),
    action: str(row.action) as OperatorActionKind,
    manifestId: strOrNull(row.manifest_id),
    target: str(row.target),
    outcome: str(row.outcome) as OperatorActionRecord['outcome'],
    detail: strOrNull(row.detail),
  };
}

/** `level|documentNumber|type|carrier` — a document's identity at Customs across manifest versions. */
export function notificationKey(item: Pick<PlannedNotificationInput, 'level' | 'documentNumber' | 'type' | 'carrier'>): string {
  return [item.level, item.documentNumber, item.type, item.carrier ?? ''].join('|');
}

/** States of an earlier notification that Customs holds for certain (an `unchanged` row repeats one). */
const SETTLED_LIVE: ReadonlySet<string> = new Set(['accepted', 'routed', 'unchanged']);

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
const terminalList = terminalManifestStates.map((s) => `'${s}'`).join(', ');

/** The job store over SQL, shared by the SQLite and PostgreSQL implementations. */
export class SqlJobStore implements JobStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly #driver: SqlDriver;
  readonly #now: () => number;
  #closed = false;

  constructor(driver: SqlDriver, now: () => number) {
    this.#driver = driver;
    this.#now = now;
    this.kind = driver.dialect;
  }

  get #db(): SqlDriver {
    if (this.#closed) throw new StoreClosedError();
    return this.#driver;
  }

  /** `FOR UPDATE SKIP LOCKED` where the database has row locks. */
  get #skipLocked(): string {
    return this.kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  }

  async #lock(tx: SqlExecutor, key: string): Promise<void> {
    if (this.kind === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [key]);
  }

  async receiveManifest(input: ReceiveManifestInput): Promise<ReceiveManifestResult> {
    return this.#db.transaction(async (tx) => {
      await this.#lock(tx, `manifest:${input.channel}:${input.originalName}`);
      const [same] = await tx.query(`SELECT * FROM manifests WHERE channel = ? AND processing_name = ?`, [
        input.channel,
        input.processingName,
      ]);
      if (same !== undefined) return { outcome: 'already-received', manifest: toManifest(same) };
      const [latest] = await tx.query(
        `SELECT * FROM manifests WHERE channel = ? AND original_name = ? ORDER BY received_at DESC, id DESC LIMIT 1`,
        [input.channel, input.originalName],
      );
      const [resubmission] = await tx.query(
        `SELECT id, mode FROM resubmissions WHERE channel = ? AND original_name = ? AND content_hash = ? AND consumed_at IS NULL
         ORDER BY requested_at DESC, id DESC LIMIT 1`,
        [input.channel, input.originalName, input.contentHash],
      );
      if (resubmission === undefined && latest !== undefined && latest.content_hash === input.contentHash && latest.state !== 'failed') {
        // The same file again is a no-op, unless Customs rejected some of what it notified: then the
        // partner is sending it again on purpose (e.g. once the reference data is fixed at Customs).
        const [rejected] = await tx.query(`SELECT 1 AS hit FROM notifications WHERE manifest_id = ? AND state = 'rejected' LIMIT 1`, [str(latest.id)]);
        if (rejected === undefined) return { outcome: 'duplicate', manifest: toManifest(latest) };
      }
      const now = this.#now();
      const id = randomUUID();
      const [row] = await tx.query(
        `INSERT INTO manifests (id, channel, original_name, processing_name, content_hash, size, state,
           previous_manifest_id, received_at, updated_at, resubmit)
         VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?) RETURNING *`,
        [
          id,
          input.channel,
          input.originalName,
          input.processingName,
          input.contentHash,
          input.size,
          latest === undefined ? null : str(latest.id),
          now,
          now,
          resubmission === undefined ? null : str(resubmission.mode),
        ],
      );
      if (resubmission !== undefined) {
        // Every pending request for this content is answered by this one version.
        await tx.query(
          `UPDATE resubmissions SET consumed_by = ?, consumed_at = ? WHERE channel = ? AND original_name = ? AND content_hash = ? AND consumed_at IS NULL`,
          [id, now, input.channel, input.originalName, input.contentHash],
        );
      }
      const manifest = toManifest(row as Row);
      if (latest === undefined) return { outcome: 'new', manifest };
      return { outcome: latest.content_hash === input.contentHash ? 'new' : 'changed', manifest };
    });
  }

  async leaseNextManifest(options: LeaseOptions): Promise<ManifestRecord | undefined> {
    return this.#db.transaction(async (tx) => {
      const now = this.#now();
      const params: SqlValue[] = [now, now];
      let channelFilter = '';
      if (options.channel !== undefined) {
        channelFilter = ' AND channel = ?';
        params.push(options.channel);
      }
      const [candidate] = await tx.query(
        `SELECT id, state FROM manifests
         WHERE state NOT IN (${terminalList})
           AND (lease_expires_at IS NULL OR lease_expires_at < ?)
           AND (retry_at IS NULL OR retry_at <= ?)${channelFilter}
         ORDER BY received_at, id LIMIT 1${this.#skipLocked}`,
        params,
      );
      if (candidate === undefined) return undefined;
      const [row] = await tx.query(
        `UPDATE manifests SET lease_owner = ?, lease_expires_at = ?, lease_count = lease_count + 1, retry_at = NULL,
           state = CASE WHEN state = 'received' THEN 'claimed' ELSE state END, updated_at = ?
         WHERE id = ? RETURNING *`,
        [options.owner, now + options.leaseMs, now, str(candidate.id)],
      );
      return row === undefined ? undefined : toManifest(row);
    });
  }

  async renewManifestLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.#now();
    const rows = await this.#db.query(
      `UPDATE manifests SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND lease_owner = ? RETURNING id`,
      [now + leaseMs, now, id, owner],
    );
    return rows.length === 1;
  }

  async releaseManifestLease(id: string, owner: string, retryAt?: number): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE manifests SET lease_owner = NULL, lease_expires_at = NULL, retry_at = ?, updated_at = ?
       WHERE id = ? AND lease_owner = ? RETURNING id`,
      [retryAt ?? null, this.#now(), id, owner],
    );
    return rows.length === 1;
  }

  async transitionManifest(id: string, change: ManifestTransition): Promise<ManifestRecord | undefined> {
    assertManifestTransition(change.from, change.to);
    const terminal = terminalManifestStates.includes(change.to);
    const [row] = await this.#db.query(
      `UPDATE manifests SET state = ?, updated_at = ?,
         failure = COALESCE(?, failure), result = COALESCE(?, result),
         outcome = COALESCE(?, outcome), outcome_counts = COALESCE(?, outcome_counts)${
           terminal ? ', lease_owner = NULL, lease_expires_at = NULL' : ''
         }
       WHERE id = ? AND state = ? AND lease_owner = ? RETURNING *`,
      [
        change.to,
        this.#now(),
        change.failure === undefined ? null : JSON.stringify(change.failure),
        change.result === undefined ? null : JSON.stringify(change.result),
        change.outcome === undefined ? null : change.outcome.outcome,
        change.outcome === undefined ? null : JSON.stringify(change.outcome.counts),
        id,
        change.from,
        change.owner,
      ],
    );
    return row === undefined ? undefined : toManifest(row);
  }

  async getManifest(id: string): Promise<ManifestRecord | undefined> {
    const [row] = await this.#db.query(`SELECT * FROM manifests WHERE id = ?`, [id]);
    return row === undefined ? undefined : toManifest(row);
  }

  async findManifests(query: ManifestQuery): Promise<ManifestRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.id !== undefined) (where.push('id = ?'), params.push(query.id));
    if (query.channel !== undefined) (where.push('channel = ?'), params.push(query.channel));
    if (query.originalName !== undefined) (where.push('original_name = ?'), params.push(query.originalName));
    if (query.processingName !== undefined) (where.push('processing_name = ?'), params.push(query.processingName));
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      where.push(`state IN (${placeholders(query.states.length)})`);
      params.push(...query.states);
    }
    params.push(query.limit ?? 1000);
    const rows = await this.#db.query(
      `SELECT * FROM manifests${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at, id LIMIT ?`,
      params,
    );
    return rows.map(toManifest);
  }

  async pageManifests(query: ManifestPageQuery): Promise<ManifestRecord[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1) throw new TypeError('pageManifests: limit must be a positive integer');
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.channel !== undefined) (where.push('channel = ?'), params.push(query.channel));
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      where.push(`state IN (${placeholders(query.states.length)})`);
      params.push(...query.states);
    }
    if (query.outcomes !== undefined) {
      if (query.outcomes.length === 0) return [];
      const stored = query.outcomes.filter((o) => o !== 'pending');
      const alternatives: string[] = [];
      if (stored.length > 0) (alternatives.push(`outcome IN (${placeholders(stored.length)})`), params.push(...stored));
      if (stored.length < query.outcomes.length) alternatives.push('outcome IS NULL');
      where.push(alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' OR ')})`);
    }
    if (query.since !== undefined) (where.push('received_at >= ?'), params.push(query.since));
    if (query.before !== undefined) {
      where.push('(received_at < ? OR (received_at = ? AND id < ?))');
      params.push(query.before.receivedAt, query.before.receivedAt, query.before.id);
    }
    params.push(query.limit);
    const rows = await this.#db.query(
      `SELECT * FROM manifests${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toManifest);
  }

  async requestResubmission(input: ResubmissionInput): Promise<void> {
    await this.#db.query(
      `INSERT INTO resubmissions (id, channel, original_name, content_hash, mode, of_manifest_id, requested_by, requested_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), input.channel, input.originalName, input.contentHash, input.mode, input.ofManifestId ?? null, input.requestedBy ?? null, this.#now()],
    );
  }

  async countNotificationsOf(manifestIds: readonly string[]): Promise<Map<string, Partial<Record<NotificationState, number>>>> {
    const out = new Map<string, Partial<Record<NotificationState, number>>>();
    const unique = [...new Set(manifestIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await this.#db.query(
        `SELECT manifest_id, state, COUNT(*) AS n FROM notifications WHERE manifest_id IN (${placeholders(chunk.length)}) GROUP BY manifest_id, state`,
        chunk,
      );
      for (const row of rows) {
        const id = str(row.manifest_id);
        const counts = out.get(id) ?? {};
        counts[str(row.state) as NotificationState] = num(row.n);
        out.set(id, counts);
      }
    }
    return out;
  }

  async planNotifications(
    manifestId: string,
    owner: string,
    items: readonly PlannedNotificationInput[],
  ): Promise<NotificationRecord[] | undefined> {
    const keys = new Set<string>();
    for (const item of items) {
      const key = notificationKey(item);
      if (keys.has(key)) throw new TypeError(`planNotifications: the key ${key} appears twice in one manifest`);
      keys.add(key);
    }
    return this.#db.transaction(async (tx) => {
      // One planner at a time: two versions of a document planned concurrently must not both
      // see "no earlier notification" and both plan a create.
      await this.#lock(tx, 'plan-notifications');
      const [manifest] = await tx.query(
        `SELECT id, lease_owner, resubmit FROM manifests WHERE id = ?${this.kind === 'postgres' ? ' FOR UPDATE' : ''}`,
        [manifestId],
      );
      if (manifest === undefined || manifest.lease_owner !== owner) return undefined;
      const existing = await tx.query(`SELECT * FROM notifications WHERE manifest_id = ? ORDER BY position, id`, [
        manifestId,
      ]);
      if (existing.length > 0) return existing.map(toNotification);
      const now = this.#now();
      const resendAccepted = manifest.resubmit === 'all';
      for (const item of items) await this.#insertPlanned(tx, manifestId, item, now, false, resendAccepted);
      const rows = await tx.query(`SELECT * FROM notifications WHERE manifest_id = ? ORDER BY position, id`, [
        manifestId,
      ]);
      return rows.map(toNotification);
    });
  }

  async planNotificationsStream(
    manifestId: string,
    owner: string,
    items: AsyncIterable<PlannedNotificationInput>,
    options: { readonly batchSize?: number } = {},
  ): Promise<PlannedNotificationCounts | undefined> {
    const batchSize = options.batchSize ?? PLAN_BATCH_ROWS;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError('planNotificationsStream: batchSize must be a positive integer');
    // Counted as stored, so that the end needs no count over the manifest's rows (a million-row
    // manifest: a scan of its index on the service's thread). Rows an interrupted earlier call
    // stored are not known here: then the rows are counted at the end, as before.
    const counted: Partial<Record<NotificationState, number>> = {};
    let storedBefore = false;
    const storeBatch = (batch: readonly PlannedNotificationInput[]): Promise<boolean> =>
      this.#db.transaction(async (tx) => {
        // One planner at a time per batch (see planNotifications): the previous-version decisions
        // of two manifests naming the same document never interleave within a batch.
        await this.#lock(tx, 'plan-notifications');
        const [manifest] = await tx.query(
          `SELECT id, resubmit FROM manifests WHERE id = ? AND lease_owner = ? AND state = 'claimed'${this.kind === 'postgres' ? ' FOR UPDATE' : ''}`,
          [manifestId, owner],
        );
        if (manifest === undefined) return false;
        if (batch.length === 0) {
          storedBefore ||= (await tx.query(`SELECT 1 AS one FROM notifications WHERE manifest_id = ? LIMIT 1`, [manifestId])).length > 0;
          return true;
        }
        const now = this.#now();
        const resendAccepted = manifest.resubmit === 'all';
        const states: NotificationState[] = [];
        let turned = performance.now();
        for (const item of batch) {
          const state = await this.#insertPlanned(tx, manifestId, item, now, true, resendAccepted);
          if (state === undefined) storedBefore = true;
          else states.push(state);
          // SQLite answers synchronously: let timers, sockets and /healthz (whose store reads do not
          // wait for this transaction) run every 20 ms instead of once per batch.
          if (performance.now() - turned > 20) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            turned = performance.now();
          }
        }
        return () => {
          for (const state of states) counted[state] = (counted[state] ?? 0) + 1;
        };
      }).then((committed) => {
        if (committed === false) return false;
        // Counted once the transaction is committed.
        if (typeof committed === 'function') committed();
        return true;
      });
    let batch: PlannedNotificationInput[] = [];
    // Check the lease before reading anything (a manifest without items is planned too).
    if (!(await storeBatch(batch))) return undefined;
    let turned = performance.now();
    for await (const item of items) {
      batch.push(item);
      // Planning a row (mapping, Customs' checks, hashing) takes ~0.5 ms of CPU and a file chunk
      // holds hundreds: let the event loop turn every 20 ms while the batch fills, too.
      if (performance.now() - turned > 20) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turned = performance.now();
      }
      if (batch.length < batchSize) continue;
      if (!(await storeBatch(batch))) return undefined;
      batch = [];
      // Let timers and sockets run between batches. SQLite answers synchronously and a source with
      // nothing left to read (the masters a planner emits at the end of a file) never yields by
      // itself, so without this the tail of a huge plan blocks the event loop for seconds.
      await new Promise<void>((resolve) => setImmediate(resolve));
      turned = performance.now();
    }
    if (batch.length > 0 && !(await storeBatch(batch))) return undefined;
    const byState = storedBefore ? await this.countNotifications(manifestId) : counted;
    const notifications = Object.values(byState).reduce((a, b) => a + b, 0);
    return { notifications, byState };
  }

  async discardPlannedNotifications(manifestId: string, owner: string, reason: string): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      await this.#lock(tx, 'plan-notifications');
      const [manifest] = await tx.query(
        `SELECT id FROM manifests WHERE id = ? AND lease_owner = ? AND state = 'claimed'${this.kind === 'postgres' ? ' FOR UPDATE' : ''}`,
        [manifestId, owner],
      );
      if (manifest === undefined) return false;
      // Rows another manifest already planned against (or a routing result names) must stay.
      const referenced = `(SELECT previous_notification_id FROM notifications WHERE previous_notification_id IS NOT NULL AND manifest_id <> ?
           UNION SELECT notification_id FROM routing_results WHERE notification_id IS NOT NULL)`;
      await tx.query(`DELETE FROM notifications WHERE manifest_id = ? AND id NOT IN ${referenced}`, [manifestId, manifestId]);
      await tx.query(
        `UPDATE notifications SET state = 'invalid', errors = ?, updated_at = ? WHERE manifest_id = ? AND state <> 'invalid'`,
        [JSON.stringify([{ field: '', error: reason }]), this.#now(), manifestId],
      );
      return true;
    });
  }

  async countNotifications(manifestId: string): Promise<Partial<Record<NotificationState, number>>> {
    const counts: Partial<Record<NotificationState, number>> = {};
    for (const row of await this.#db.query(`SELECT state, COUNT(*) AS n FROM notifications WHERE manifest_id = ? GROUP BY state`, [manifestId])) {
      counts[str(row.state) as NotificationState] = num(row.n);
    }
    return counts;
  }

  async maxNotificationAttempts(manifestId: string, states: readonly NotificationState[]): Promise<number> {
    if (states.length === 0) return 0;
    const [row] = await this.#db.query(
      `SELECT MAX(CASE WHEN lookup_attempts > poll_attempts THEN lookup_attempts ELSE poll_attempts END) AS n
       FROM notifications WHERE manifest_id = ? AND state IN (${placeholders(states.length)})`,
      [manifestId, ...states],
    );
    return row === undefined || row.n === null ? 0 : num(row.n);
  }

  async pageNotifications(manifestId: string, page: NotificationPage): Promise<NotificationRecord[]> {
    if (!Number.isInteger(page.limit) || page.limit < 1) throw new TypeError('pageNotifications: limit must be a positive integer');
    const where = ['manifest_id = ?'];
    const params: SqlValue[] = [manifestId];
    if (page.after !== undefined) {
      where.push('(position > ? OR (position = ? AND id > ?))');
      params.push(page.after.position, page.after.position, page.after.id);
    }
    if (page.states !== undefined) {
      if (page.states.length === 0) return [];
      where.push(`state IN (${placeholders(page.states.length)})`);
      params.push(...page.states);
    }
    if (page.levels !== undefined) {
      if (page.levels.length === 0) return [];
      where.push(`level IN (${placeholders(page.levels.length)})`);
      params.push(...page.levels);
    }
    params.push(page.limit);
    const rows = await this.#db.query(`SELECT * FROM notifications WHERE ${where.join(' AND ')} ORDER BY position, id LIMIT ?`, params);
    return rows.map(toNotification);
  }

  /**
   * Decides and inserts one planned row (see `planNotifications`). With `resume`, a row with the same
   * key already stored at the same position (by an interrupted earlier plan) is kept: `undefined`.
   */
  async #insertPlanned(
    tx: SqlExecutor,
    manifestId: string,
    item: PlannedNotificationInput,
    now: number,
    resume = false,
    resendAccepted = false,
  ): Promise<NotificationState | undefined> {
    const key = notificationKey(item);
    // The latest earlier notification for the same document that Customs did (or may) hold.
    const [previous] = await tx.query(
      `SELECT id, payload_hash, state, mrn, request_id, operation FROM notifications
       WHERE key = ? AND manifest_id <> ? AND state NOT IN ('invalid', 'rejected')
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [key, manifestId],
    );
    let operation: NotificationOperation = 'create';
    let state: NotificationState = 'planned';
    let mrn: string | null = null;
    let requestId: string | null = null;
    let errors: readonly NotificationError[] = item.invalidErrors ?? [];
    // A document deleted at Customs starts over with a new create.
    const live = previous !== undefined && previous.operation !== 'delete' ? previous : undefined;
    if (item.cancel === true) {
      operation = 'delete';
      if (live === undefined) {
        state = 'invalid';
        errors = [{ field: '', error: 'nothing to cancel: no earlier notification with this key' }];
      } else mrn = strOrNull(live.mrn);
    } else if (live !== undefined) {
      operation = 'update';
      mrn = strOrNull(live.mrn);
      // Unchanged only relative to a version Customs accepted. Behind one still in flight with the
      // same payload the row stays `planned`: the pipeline makes it `unchanged` once that one is
      // accepted, or sends it when that one is rejected (resend rules, src/pipeline/README.md).
      // A resubmission with `all` sends accepted rows again as updates (PUT by MRN), never as a create.
      if (live.payload_hash === item.payloadHash && SETTLED_LIVE.has(str(live.state)) && !(resendAccepted && live.mrn !== null)) {
        state = 'unchanged';
        requestId = strOrNull(live.request_id);
      }
    }
    if (errors.length > 0) state = 'invalid';
    const inserted = await tx.query(
      `INSERT INTO notifications (id, manifest_id, level, mode, document_number, type, carrier, key, position,
         operation, payload_hash, payload, state, previous_notification_id, request_id, mrn, errors,
         incomplete_reasons, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)${resume ? ' ON CONFLICT (manifest_id, key) DO NOTHING RETURNING id' : ''}`,
      [
        randomUUID(),
        manifestId,
        item.level,
        item.mode,
        item.documentNumber,
        item.type,
        item.carrier ?? null,
        key,
        item.position,
        operation,
        item.payloadHash,
        JSON.stringify(item.payload ?? null),
        state,
        previous === undefined ? null : str(previous.id),
        requestId,
        mrn,
        JSON.stringify(errors),
        now,
        now,
      ],
    );
    if (!resume || inserted.length === 1) return state;
    const [stored] = await tx.query(`SELECT position FROM notifications WHERE manifest_id = ? AND key = ?`, [manifestId, key]);
    if (stored !== undefined && num(stored.position) === item.position) return undefined;
    throw new TypeError(`planNotificationsStream: the key ${key} appears twice in one manifest`);
  }

  async transitionNotification(id: string, change: NotificationTransition): Promise<NotificationRecord | undefined> {
    assertNotificationTransition(change.from, change.to);
    const sets = ['state = ?', 'updated_at = ?'];
    const params: SqlValue[] = [change.to, this.#now()];
    if (change.to === 'submitting') sets.push('submit_attempts = submit_attempts + 1');
    if (change.operation !== undefined) (sets.push('operation = ?'), params.push(change.operation));
    if (change.requestId !== undefined) (sets.push('request_id = ?'), params.push(change.requestId));
    if (change.mrn !== undefined) (sets.push('mrn = ?'), params.push(change.mrn));
    if (change.errors !== undefined) (sets.push('errors = ?'), params.push(JSON.stringify(change.errors)));
    if (change.incompleteReasons !== undefined) {
      sets.push('incomplete_reasons = ?');
      params.push(JSON.stringify(change.incompleteReasons));
    }
    if (change.lastError !== undefined) (sets.push('last_error = ?'), params.push(change.lastError));
    if (change.nextAttemptAt !== undefined) (sets.push('next_attempt_at = ?'), params.push(change.nextAttemptAt));
    params.push(id, change.from);
    const [row] = await this.#db.query(
      `UPDATE notifications SET ${sets.join(', ')} WHERE id = ? AND state = ? RETURNING *`,
      params,
    );
    return row === undefined ? undefined : toNotification(row);
  }

  async recordNotificationAttempt(
    id: string,
    expectedState: NotificationState,
    attempt: NotificationAttempt,
  ): Promise<boolean> {
    const counter = attempt.kind === 'poll' ? 'poll_attempts' : 'lookup_attempts';
    const sets = [`${counter} = ${counter} + 1`, 'updated_at = ?'];
    const params: SqlValue[] = [this.#now()];
    if (attempt.lastError !== undefined) (sets.push('last_error = ?'), params.push(attempt.lastError));
    if (attempt.nextAttemptAt !== undefined) (sets.push('next_attempt_at = ?'), params.push(attempt.nextAttemptAt));
    params.push(id, expectedState);
    const rows = await this.#db.query(
      `UPDATE notifications SET ${sets.join(', ')} WHERE id = ? AND state = ? RETURNING id`,
      params,
    );
    return rows.length === 1;
  }

  async getNotification(id: string): Promise<NotificationRecord | undefined> {
    const [row] = await this.#db.query(`SELECT * FROM notifications WHERE id = ?`, [id]);
    return row === undefined ? undefined : toNotification(row);
  }

  async listNotifications(manifestId: string): Promise<NotificationRecord[]> {
    const rows = await this.#db.query(`SELECT * FROM notifications WHERE manifest_id = ? ORDER BY position, id`, [
      manifestId,
    ]);
    return rows.map(toNotification);
  }

  async findNotifications(query: NotificationQuery): Promise<NotificationRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.documentNumber !== undefined) (where.push('document_number = ?'), params.push(query.documentNumber));
    if (query.typePrefix !== undefined) (where.push(`type LIKE ? ESCAPE '\\'`), params.push(`${query.typePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    if (query.transportId !== undefined) {
      // `<id>@…` in byte order lies in [`<id>@`, `<id>A`): a range on the partial index of transports'
      // document numbers (byte-ordered on PostgreSQL too, see migration 3).
      const bytes = this.kind === 'postgres' ? ' COLLATE "C"' : '';
      where.push(`level = 'transport' AND document_number${bytes} >= ? AND document_number${bytes} < ?`);
      params.push(`${query.transportId}@`, `${query.transportId}A`);
    }
    if (query.mrn !== undefined) (where.push('mrn = ?'), params.push(query.mrn));
    if (query.requestId !== undefined) (where.push('request_id = ?'), params.push(query.requestId));
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      where.push(`state IN (${placeholders(query.states.length)})`);
      params.push(...query.states);
    }
    params.push(query.limit ?? 1000);
    const rows = await this.#db.query(
      `SELECT * FROM notifications${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, position, id LIMIT ?`,
      params,
    );
    return rows.map(toNotification);
  }

  async getRoutingMarker(feed: string): Promise<string | undefined> {
    const [row] = await this.#db.query(`SELECT marker FROM routing_markers WHERE feed = ?`, [feed]);
    return row === undefined ? undefined : str(row.marker);
  }

  async recordRoutingResults(
    items: readonly RoutingResultInput[],
    marker?: RoutingMarkerAdvance,
  ): Promise<RecordedRoutingResult[] | undefined> {
    return this.#db.transaction(async (tx) => {
      const now = this.#now();
      if (marker !== undefined) {
        const moved =
          marker.expected === undefined
            ? await tx.query(
                `INSERT INTO routing_markers (feed, marker, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (feed) DO NOTHING RETURNING feed`,
                [marker.feed, marker.next, now],
              )
            : await tx.query(
                `UPDATE routing_markers SET marker = ?, updated_at = ? WHERE feed = ? AND marker = ? RETURNING feed`,
                [marker.next, now, marker.feed, marker.expected],
              );
        if (moved.length !== 1) return undefined;
      }
      const recorded: RecordedRoutingResult[] = [];
      for (const item of items) {
        const payload = JSON.stringify(item.payload ?? null);
        const payloadHash = `sha256:${createHash('sha256').update(`${item.decision}\n${payload}`).digest('hex')}`;
        const ownerOf = async (column: 'mrn' | 'id', value: string) =>
          (
            await tx.query(
              `SELECT n.id AS notification_id, n.manifest_id, m.channel FROM notifications n
               JOIN manifests m ON m.id = n.manifest_id
               WHERE n.${column} = ? ORDER BY n.created_at DESC, n.id DESC LIMIT 1`,
              [value],
            )
          )[0];
        const owner = (await ownerOf('mrn', item.mrn)) ?? (item.notificationId === undefined ? undefined : await ownerOf('id', item.notificationId));
        const [row] = await tx.query(
          `INSERT INTO routing_results (id, mrn, decision, payload_hash, payload, issued_at, received_at,
             notification_id, manifest_id, channel)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mrn, payload_hash) DO NOTHING RETURNING *`,
          [
            randomUUID(),
            item.mrn,
            item.decision,
            payloadHash,
            payload,
            item.issuedAt ?? null,
            now,
            owner === undefined ? null : str(owner.notification_id),
            owner === undefined ? null : str(owner.manifest_id),
            owner === undefined ? null : str(owner.channel),
          ],
        );
        if (row === undefined) continue;
        recorded.push(toRouting(row));
        await tx.query(`UPDATE notifications SET state = 'routed', updated_at = ? WHERE mrn = ? AND state = 'accepted'`, [
          now,
          item.mrn,
        ]);
      }
      return recorded;
    });
  }

  async listRoutingResults(mrn: string): Promise<RecordedRoutingResult[]> {
    const rows = await this.#db.query(`SELECT * FROM routing_results WHERE mrn = ? ORDER BY received_at, id`, [mrn]);
    return rows.map(toRouting);
  }

  async listRoutingResultsFor(mrns: readonly string[]): Promise<RecordedRoutingResult[]> {
    const unique = [...new Set(mrns)];
    const out: RecordedRoutingResult[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await this.#db.query(`SELECT * FROM routing_results WHERE mrn IN (${placeholders(chunk.length)}) ORDER BY received_at, id`, chunk);
      out.push(...rows.map(toRouting));
    }
    return out;
  }

  async enqueueOutbox(input: OutboxInput): Promise<OutboxRecord> {
    return this.#db.transaction(async (tx) => {
      const content = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : Buffer.from(input.content);
      await tx.query(
        `INSERT INTO outbox (id, channel, file_name, content, kind, manifest_id, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (channel, file_name) DO NOTHING`,
        [randomUUID(), input.channel, input.fileName, content, input.kind, input.manifestId ?? null, this.#now()],
      );
      const [row] = await tx.query(`SELECT * FROM outbox WHERE channel = ? AND file_name = ?`, [
        input.channel,
        input.fileName,
      ]);
      return toOutbox(row as Row);
    });
  }

  async leaseOwners(): Promise<string[]> {
    const now = this.#now();
    const rows = await this.#db.query(
      `SELECT lease_owner AS owner FROM manifests WHERE lease_owner IS NOT NULL AND lease_expires_at >= ?
       UNION SELECT lease_owner AS owner FROM outbox WHERE lease_owner IS NOT NULL AND lease_expires_at >= ?`,
      [now, now],
    );
    return rows.map((r) => str(r.owner)).sort();
  }

  async releaseLeasesOf(owner: string): Promise<{ manifests: number; outbox: number }> {
    return this.#db.transaction(async (tx) => {
      const manifests = await tx.query(
        `UPDATE manifests SET lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE lease_owner = ? RETURNING id`,
        [this.#now(), owner],
      );
      const outbox = await tx.query(`UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = ? RETURNING id`, [owner]);
      return { manifests: manifests.length, outbox: outbox.length };
    });
  }

  async leaseNextOutbox(options: LeaseOptions): Promise<OutboxRecord | undefined> {
    return this.#db.transaction(async (tx) => {
      const now = this.#now();
      const params: SqlValue[] = [now, now];
      let channelFilter = '';
      if (options.channel !== undefined) {
        channelFilter = ' AND channel = ?';
        params.push(options.channel);
      }
      const [candidate] = await tx.query(
        `SELECT id FROM outbox WHERE state = 'pending'
           AND (lease_expires_at IS NULL OR lease_expires_at < ?)
           AND (retry_at IS NULL OR retry_at <= ?)${channelFilter}
         ORDER BY created_at, id LIMIT 1${this.#skipLocked}`,
        params,
      );
      if (candidate === undefined) return undefined;
      const [row] = await tx.query(
        `UPDATE outbox SET lease_owner = ?, lease_expires_at = ?, retry_at = NULL WHERE id = ? RETURNING *`,
        [options.owner, now + options.leaseMs, str(candidate.id)],
      );
      return row === undefined ? undefined : toOutbox(row);
    });
  }

  async markOutboxWritten(id: string, owner: string): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const now = this.#now();
      const [row] = await tx.query(
        `UPDATE outbox SET state = 'written', written_at = ?, lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND state = 'pending' AND lease_owner = ? RETURNING kind, manifest_id`,
        [now, id, owner],
      );
      if (row === undefined) return false;
      if (row.kind === 'result' && row.manifest_id !== null) {
        await tx.query(
          `UPDATE manifests SET state = 'results-written', updated_at = ? WHERE id = ? AND state = 'awaiting-results'`,
          [now, str(row.manifest_id)],
        );
      }
      return true;
    });
  }

  async markOutboxRetry(id: string, owner: string, failure: { error: string; retryAt: number }): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ?, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ? AND state = 'pending' AND lease_owner = ? RETURNING id`,
      [failure.error, failure.retryAt, id, owner],
    );
    return rows.length === 1;
  }

  async recordOperatorAction(input: OperatorActionInput): Promise<OperatorActionRecord> {
    const [row] = await this.#db.query(
      `INSERT INTO operator_actions (id, at, operator, action, manifest_id, target, outcome, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [randomUUID(), this.#now(), input.operator, input.action, input.manifestId ?? null, input.target, input.outcome, input.detail ?? null],
    );
    return toOperatorAction(row as Row);
  }

  async listOperatorActions(query: { readonly manifestId?: string; readonly action?: OperatorActionKind; readonly limit: number }): Promise<OperatorActionRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.manifestId !== undefined) {
      where.push('manifest_id = ?');
      params.push(query.manifestId);
    }
    if (query.action !== undefined) {
      where.push('action = ?');
      params.push(query.action);
    }
    params.push(query.limit);
    const rows = await this.#db.query(
      `SELECT * FROM operator_actions${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toOperatorAction);
  }

  async acknowledgementsOf(manifestIds: readonly string[]): Promise<Map<string, OperatorActionRecord>> {
    const found = new Map<string, OperatorActionRecord>();
    if (manifestIds.length === 0) return found;
    const rows = await this.#db.query(
      `SELECT * FROM operator_actions WHERE action = 'acknowledge' AND outcome = 'done'
         AND manifest_id IN (${placeholders(manifestIds.length)}) ORDER BY at, id`,
      [...manifestIds],
    );
    for (const row of rows) found.set(str(row.manifest_id), toOperatorAction(row));
    return found;
  }

  async countManifestsByOutcome(): Promise<Record<ManifestOutcome | 'pending', number>> {
    const counts = Object.fromEntries([...manifestOutcomes, 'pending'].map((o) => [o, 0])) as Record<ManifestOutcome | 'pending', number>;
    for (const row of await this.#db.query(`SELECT outcome, COUNT(*) AS n FROM manifests GROUP BY outcome`)) {
      counts[row.outcome === null ? 'pending' : (str(row.outcome) as ManifestOutcome)] = num(row.n);
    }
    return counts;
  }

  async pageRoutingResults(page: RoutingResultPage): Promise<RecordedRoutingResult[]> {
    const params: SqlValue[] = [];
    let after = '';
    if (page.before !== undefined) {
      after = ' WHERE (received_at < ? OR (received_at = ? AND id < ?))';
      params.push(page.before.receivedAt, page.before.receivedAt, page.before.id);
    }
    params.push(page.limit);
    const rows = await this.#db.query(`SELECT * FROM routing_results${after} ORDER BY received_at DESC, id DESC LIMIT ?`, params);
    return rows.map(toRouting);
  }

  async listOutboxOf(manifestId: string): Promise<OutboxRecord[]> {
    const rows = await this.#db.query(`SELECT * FROM outbox WHERE manifest_id = ? ORDER BY created_at, id`, [manifestId]);
    return rows.map(toOutbox);
  }

  async queueDepths(): Promise<QueueDepths> {
    const manifests = Object.fromEntries(manifestStates.map((s) => [s, 0])) as Record<ManifestState, number>;
    const notifications = Object.fromEntries(notificationStates.map((s) => [s, 0])) as Record<NotificationState, number>;
    for (const row of await this.#db.query(`SELECT state, COUNT(*) AS n FROM manifests GROUP BY state`)) {
      manifests[str(row.state) as ManifestState] = num(row.n);
    }
    for (const row of await this.#db.query(`SELECT state, COUNT(*) AS n FROM notifications GROUP BY state`)) {
      notifications[str(row.state) as NotificationState] = num(row.n);
    }
    return { manifests, notifications, outboxPending: await this.outboxPending() };
  }

  async outboxPending(): Promise<number> {
    const [pending] = await this.#db.probe(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`);
    return num(pending?.n ?? 0);
  }

  async ping(): Promise<void> {
    await this.#db.probe(`SELECT 1 AS one`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }
}
