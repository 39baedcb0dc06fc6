import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStore, PlannedNotificationInput } from '../../src/store/job-store.js';
import { latestSchemaVersion } from '../../src/store/migrations.js';
import type { OpenedJobStore } from '../../src/store/open-job-store.js';

/** A clock tests move by hand. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function makeClock(start = Date.UTC(2026, 10, 21, 8, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** What each implementation's test file provides. */
export interface ContractTarget {
  /** A fresh, empty database; each call to `open` opens another instance on the SAME database. */
  fresh(): Promise<{
    open: (clock: TestClock) => Promise<OpenedJobStore>;
    drop: () => Promise<void>;
    /** Marks the database as migrated by a newer adapter (to test the refusal). */
    bumpSchemaVersion: (version: number) => Promise<void>;
  }>;
}

const hash = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

function house(documentNumber: string, payload: string, position: number): PlannedNotificationInput {
  return {
    level: 'house-consignment',
    mode: 'road',
    documentNumber,
    type: 'N741',
    carrier: 'NO999999999',
    position,
    payloadHash: hash(payload),
    payload: { documentNumber, payload },
  };
}

/** The one behaviour every `JobStore` implementation must show. */
export function describeJobStoreContract(name: string, target: () => ContractTarget): void {
  describe(`JobStore contract: ${name}`, () => {
    let clock: TestClock;
    let store: JobStore;
    let db: Awaited<ReturnType<ContractTarget['fresh']>>;
    const opened: JobStore[] = [];

    const openAnother = async (): Promise<JobStore> => {
      const { store: another } = await db.open(clock);
      opened.push(another);
      return another;
    };

    beforeEach(async () => {
      clock = makeClock();
      db = await target().fresh();
      store = await openAnother();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await db.drop();
    });

    const receive = (originalName: string, content: string, processingName = `${originalName}.${Math.random()}`) =>
      store.receiveManifest({ channel: 'ch1', originalName, processingName, contentHash: hash(content), size: content.length });

    /** Receives, leases and moves a manifest to `parsed`, returning its id. */
    const parsedManifest = async (originalName: string, content: string, owner = 'w1'): Promise<string> => {
      const { manifest } = await receive(originalName, content);
      const leased = await store.leaseNextManifest({ owner, leaseMs: 60_000 });
      expect(leased?.id).toBe(manifest.id);
      const parsed = await store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner });
      expect(parsed?.state).toBe('parsed');
      return manifest.id;
    };

    /** Drives a notification to accepted with the given MRN. */
    const accept = async (id: string, mrn: string): Promise<void> => {
      expect(await store.transitionNotification(id, { from: 'planned', to: 'submitting' })).toBeDefined();
      expect(await store.transitionNotification(id, { from: 'submitting', to: 'submitted', requestId: `req-${mrn}` })).toBeDefined();
      expect(await store.transitionNotification(id, { from: 'submitted', to: 'accepted', mrn })).toBeDefined();
    };

    describe('migrations', () => {
      it('re-opening an up-to-date database applies nothing', async () => {
        const { migration } = await db.open(clock).then((o) => (opened.push(o.store), o));
        expect(migration).toEqual({ from: latestSchemaVersion, to: latestSchemaVersion, applied: [] });
      });

      it('refuses a database migrated by a newer adapter', async () => {
        await db.bumpSchemaVersion(latestSchemaVersion + 1);
        await expect(db.open(clock)).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW', category: 'config' });
      });
    });

    describe('receiving manifests (idempotency by channel + name + content)', () => {
      it('records a new file as received', async () => {
        const result = await receive('a.csv', 'v1', 'p-1');
        expect(result.outcome).toBe('new');
        expect(result.manifest).toMatchObject({
          channel: 'ch1',
          originalName: 'a.csv',
          processingName: 'p-1',
          contentHash: hash('v1'),
          size: 2,
          state: 'received',
          previousManifestId: null,
          leaseOwner: null,
          receivedAt: clock.now(),
        });
      });

      it('the same content dropped again is a duplicate of the latest version (no new record)', async () => {
        const first = await receive('a.csv', 'v1');
        const again = await receive('a.csv', 'v1');
        expect(again.outcome).toBe('duplicate');
        expect(again.manifest.id).toBe(first.manifest.id);
        expect(await store.findManifests({ channel: 'ch1' })).toHaveLength(1);
      });

      it('the same claimed file recorded twice (crash recovery) is already-received', async () => {
        const first = await receive('a.csv', 'v1', 'p-1');
        const again = await receive('a.csv', 'v1', 'p-1');
        expect(again).toMatchObject({ outcome: 'already-received', manifest: { id: first.manifest.id } });
      });

      it('changed content is a new version linked to the previous one; an older version again is a change too', async () => {
        const v1 = await receive('a.csv', 'v1');
        clock.advance(1000);
        const v2 = await receive('a.csv', 'v2');
        expect(v2.outcome).toBe('changed');
        expect(v2.manifest.previousManifestId).toBe(v1.manifest.id);
        clock.advance(1000);
        const v1again = await receive('a.csv', 'v1');
        expect(v1again.outcome).toBe('changed');
        expect(v1again.manifest.previousManifestId).toBe(v2.manifest.id);
      });

      it('the same name on another channel is independent', async () => {
        await receive('a.csv', 'v1');
        const other = await store.receiveManifest({
          channel: 'ch2', originalName: 'a.csv', processingName: 'x', contentHash: hash('v1'), size: 2,
        });
        expect(other.outcome).toBe('new');
      });

      it('the same content after a failure is received again', async () => {
        const { manifest } = await receive('a.csv', 'v1');
        await store.leaseNextManifest({ owner: 'w1', leaseMs: 1000 });
        await store.transitionManifest(manifest.id, {
          from: 'claimed', to: 'failed', owner: 'w1', failure: { code: 'MANIFEST_SYNTAX', message: 'bad' },
        });
        clock.advance(10);
        const again = await receive('a.csv', 'v1');
        expect(again.outcome).toBe('new');
        expect(again.manifest.previousManifestId).toBe(manifest.id);
      });
    });

    describe('leases and manifest state machine', () => {
      it('leasing takes the oldest received manifest and marks it claimed', async () => {
        const a = await receive('a.csv', 'a');
        clock.advance(5);
        await receive('b.csv', 'b');
        const leased = await store.leaseNextManifest({ owner: 'w1', leaseMs: 30_000 });
        expect(leased).toMatchObject({
          id: a.manifest.id, state: 'claimed', leaseOwner: 'w1', leaseExpiresAt: clock.now() + 30_000, leaseCount: 1,
        });
      });

      it('a valid lease is never handed out twice; an expired one is taken over in the same state', async () => {
        const { manifest } = await receive('a.csv', 'a');
        await store.leaseNextManifest({ owner: 'w1', leaseMs: 30_000 });
        expect(await store.leaseNextManifest({ owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
        clock.advance(30_001);
        const taken = await store.leaseNextManifest({ owner: 'w2', leaseMs: 30_000 });
        expect(taken).toMatchObject({ id: manifest.id, state: 'claimed', leaseOwner: 'w2', leaseCount: 2 });
        // the old holder lost the right to move it
        expect(await store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner: 'w1' })).toBeUndefined();
        expect(await store.renewManifestLease(manifest.id, 'w1', 1000)).toBe(false);
        expect(await store.renewManifestLease(manifest.id, 'w2', 90_000)).toBe(true);
        expect((await store.getManifest(manifest.id))?.leaseExpiresAt).toBe(clock.now() + 90_000);
      });

      it('release with retryAt keeps the manifest back until then', async () => {
        const { manifest } = await receive('a.csv', 'a');
        await store.leaseNextManifest({ owner: 'w1', leaseMs: 30_000 });
        expect(await store.releaseManifestLease(manifest.id, 'w2')).toBe(false);
        expect(await store.releaseManifestLease(manifest.id, 'w1', clock.now() + 5000)).toBe(true);
        expect(await store.leaseNextManifest({ owner: 'w1', leaseMs: 30_000 })).toBeUndefined();
        clock.advance(5000);
        expect((await store.leaseNextManifest({ owner: 'w1', leaseMs: 30_000 }))?.id).toBe(manifest.id);
      });

      it('lists the owners of running leases and frees every lease of one owner (manifests and outbox files)', async () => {
        const a = await receive('a.csv', 'a');
        clock.advance(5);
        const b = await receive('b.csv', 'b');
        clock.advance(5);
        const c = await receive('c.csv', 'c');
        await store.leaseNextManifest({ owner: 'dead', leaseMs: 30_000 });
        await store.leaseNextManifest({ owner: 'dead', leaseMs: 30_000 });
        await store.leaseNextManifest({ owner: 'alive', leaseMs: 30_000 });
        const queued = await store.enqueueOutbox({ channel: 'ch1', fileName: 'a.result.csv', content: 'x', kind: 'result', manifestId: a.manifest.id });
        await store.leaseNextOutbox({ owner: 'dead', leaseMs: 10_000 });
        expect(await store.releaseManifestLease(c.manifest.id, 'alive', clock.now() + 50_000)).toBe(true);
        await store.leaseNextManifest({ owner: 'alive', leaseMs: 30_000 }); // nothing left: c waits for its retry time
        expect(await store.leaseOwners()).toEqual(['dead']);
        expect(await store.releaseLeasesOf('dead')).toEqual({ manifests: 2, outbox: 1 });
        expect(await store.leaseOwners()).toEqual([]);
        expect(await store.releaseLeasesOf('dead')).toEqual({ manifests: 0, outbox: 0 });
        // Free at once, in the state they were in; the retry time of another's manifest is kept.
        const taken = await store.leaseNextManifest({ owner: 'w2', leaseMs: 30_000 });
        expect(taken).toMatchObject({ id: a.manifest.id, state: 'claimed', leaseOwner: 'w2' });
        expect((await store.leaseNextManifest({ owner: 'w2', leaseMs: 30_000 }))?.id).toBe(b.manifest.id);
        expect(await store.leaseNextManifest({ owner: 'w2', leaseMs: 30_000 })).toBeUndefined();
        expect((await store.leaseNextOutbox({ owner: 'w2', leaseMs: 10_000 }))?.id).toBe(queued.id);
        // An expired lease is not running: its owner is not listed.
        clock.advance(30_001);
        expect(await store.leaseOwners()).toEqual([]);
      });

      it('filters by channel', async () => {
        await receive('a.csv', 'a');
        expect(await store.leaseNextManifest({ owner: 'w1', leaseMs: 1000, channel: 'other' })).toBeUndefined();
        expect(await store.leaseNextManifest({ owner: 'w1', leaseMs: 1000, channel: 'ch1' })).toBeDefined();
      });

      it('transitions are compare-and-set on state and lease holder, and follow the machine', async () => {
        const id = await parsedManifest('a.csv', 'a');
        expect(await store.transitionManifest(id, { from: 'claimed', to: 'parsed', owner: 'w1' })).toBeUndefined();
        await expect(store.transitionManifest(id, { from: 'parsed', to: 'archived', owner: 'w1' })).rejects.toMatchObject({
          code: 'STORE_INVALID_TRANSITION',
          category: 'bug',
        });
        for (const [from, to] of [
          ['parsed', 'submitting'],
          ['submitting', 'awaiting-results'],
          ['awaiting-results', 'results-written'],
          ['results-written', 'archived'],
        ] as const) {
          expect((await store.transitionManifest(id, { from, to, owner: 'w1', result: { step: to } }))?.state).toBe(to);
        }
        const archived = await store.getManifest(id);
        expect(archived).toMatchObject({ state: 'archived', leaseOwner: null, result: { step: 'archived' } });
        clock.advance(10 ** 9);
        expect(await store.leaseNextManifest({ owner: 'w2', leaseMs: 1000 })).toBeUndefined();
      });

      it('failure keeps the reason and frees the lease', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const failed = await store.transitionManifest(id, {
          from: 'parsed', to: 'failed', owner: 'w1', failure: { code: 'X', message: 'row 3: bad' },
        });
        expect(failed).toMatchObject({ state: 'failed', failure: { code: 'X', message: 'row 3: bad' }, leaseOwner: null });
      });

      it('finds manifests by name, processing name and state', async () => {
        await receive('a.csv', 'a', 'pa');
        await receive('b.csv', 'b', 'pb');
        expect((await store.findManifests({ originalName: 'b.csv' })).map((m) => m.processingName)).toEqual(['pb']);
        expect((await store.findManifests({ processingName: 'pa' })).map((m) => m.originalName)).toEqual(['a.csv']);
        expect(await store.findManifests({ states: ['claimed'] })).toEqual([]);
        expect(await store.findManifests({ states: ['received'] })).toHaveLength(2);
      });
    });

    describe('notifications', () => {
      it('plans creates in position order; planning again returns the same rows; only the lease holder plans', async () => {
        const id = await parsedManifest('a.csv', 'a');
        expect(await store.planNotifications(id, 'w2', [house('H1', 'x', 1)])).toBeUndefined();
        const rows = await store.planNotifications(id, 'w1', [house('H2', 'y', 2), house('H1', 'x', 1)]);
        expect(rows?.map((r) => [r.documentNumber, r.operation, r.state, r.key])).toEqual([
          ['H1', 'create', 'planned', 'house-consignment|H1|N741|NO999999999'],
          ['H2', 'create', 'planned', 'house-consignment|H2|N741|NO999999999'],
        ]);
        expect(rows?.[0]?.payload).toEqual({ documentNumber: 'H1', payload: 'x' });
        const again = await store.planNotifications(id, 'w1', [house('H3', 'z', 1)]);
        expect(again?.map((r) => r.id)).toEqual(rows?.map((r) => r.id));
      });

      it('two instances planning the same document at once: only one plans a create', async () => {
        const other = await openAnother();
        const first = await parsedManifest('a.csv', 'a', 'w1');
        await receive('b.csv', 'b');
        const leased = await other.leaseNextManifest({ owner: 'w2', leaseMs: 60_000 });
        const second = (await other.transitionManifest(leased?.id ?? '', { from: 'claimed', to: 'parsed', owner: 'w2' }))?.id ?? '';
        const [a, b] = await Promise.all([
          store.planNotifications(first, 'w1', [house('H1', 'x', 1)]),
          other.planNotifications(second, 'w2', [house('H1', 'y', 1)]),
        ]);
        const rows = [...(a ?? []), ...(b ?? [])];
        expect(rows.map((r) => r.operation).sort()).toEqual(['create', 'update']);
        const update = rows.find((r) => r.operation === 'update');
        expect(update?.previousNotificationId).toBe(rows.find((r) => r.operation === 'create')?.id);
        expect(update?.mrn).toBeNull(); // the create is still in flight: the pipeline waits for it
      });

      it('refuses the same key twice in one manifest', async () => {
        const id = await parsedManifest('a.csv', 'a');
        await expect(store.planNotifications(id, 'w1', [house('H1', 'x', 1), house('H1', 'y', 2)])).rejects.toThrow(TypeError);
      });

      it('rows with local errors are invalid and never sendable', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const errors = [{ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' }];
        const [row] = (await store.planNotifications(id, 'w1', [{ ...house('H1', 'x', 1), invalidErrors: errors }])) ?? [];
        expect(row).toMatchObject({ state: 'invalid', errors });
        await expect(store.transitionNotification(row?.id ?? '', { from: 'invalid', to: 'submitting' })).rejects.toMatchObject({
          code: 'STORE_INVALID_TRANSITION',
        });
      });

      it('is stored as submitting before the send, counts attempts, and only one of two racers wins', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const [row] = (await store.planNotifications(id, 'w1', [house('H1', 'x', 1)])) ?? [];
        const other = await openAnother();
        const results = await Promise.all([
          store.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting' }),
          other.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting' }),
        ]);
        expect(results.filter((r) => r !== undefined)).toHaveLength(1);
        const unknown = await store.transitionNotification(row?.id ?? '', {
          from: 'submitting', to: 'outcome-unknown', lastError: 'socket hang up',
        });
        expect(unknown).toMatchObject({ state: 'outcome-unknown', submitAttempts: 1, lastError: 'socket hang up' });
        expect(await store.recordNotificationAttempt(row?.id ?? '', 'outcome-unknown', {
          kind: 'lookup', nextAttemptAt: clock.now() + 5000,
        })).toBe(true);
        expect(await store.recordNotificationAttempt(row?.id ?? '', 'planned', { kind: 'lookup' })).toBe(false);
        // lookup proved the POST never landed: back to planned, then a second attempt
        await store.transitionNotification(row?.id ?? '', { from: 'outcome-unknown', to: 'planned' });
        await store.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting' });
        const submitted = await store.transitionNotification(row?.id ?? '', {
          from: 'submitting', to: 'submitted', requestId: 'req-1',
        });
        expect(submitted).toMatchObject({ submitAttempts: 2, lookupAttempts: 1, requestId: 'req-1', nextAttemptAt: clock.now() + 5000 });
        await store.recordNotificationAttempt(row?.id ?? '', 'submitted', { kind: 'poll' });
        const rejected = await store.transitionNotification(row?.id ?? '', {
          from: 'submitted',
          to: 'rejected',
          errors: [{ description: 'Unknown customs office', pointer: { messageElementPath: 'customsOfficeOfEntry' } }],
          incompleteReasons: ['INCOMPLETE_CUDE_DOCUMENTATION'],
        });
        expect(rejected).toMatchObject({
          state: 'rejected',
          pollAttempts: 1,
          errors: [{ description: 'Unknown customs office', pointer: { messageElementPath: 'customsOfficeOfEntry' } }],
          incompleteReasons: ['INCOMPLETE_CUDE_DOCUMENTATION'],
        });
      });

      it('a changed manifest plans PUTs (by the earlier MRN) only for changed payloads', async () => {
        const v1 = await parsedManifest('a.csv', 'v1');
        const planned = (await store.planNotifications(v1, 'w1', [house('H1', 'x', 1), house('H2', 'y', 2)])) ?? [];
        await accept(planned[0]?.id ?? '', '26NO0000000000001');
        await accept(planned[1]?.id ?? '', '26NO0000000000002');
        clock.advance(1000);
        const v2 = await parsedManifest('a.csv', 'v2');
        const rows = (await store.planNotifications(v2, 'w1', [
          house('H1', 'x', 1), // unchanged
          house('H2', 'y-changed', 2), // update
          house('H3', 'z', 3), // new
        ])) ?? [];
        expect(rows.map((r) => [r.documentNumber, r.operation, r.state, r.mrn])).toEqual([
          ['H1', 'update', 'unchanged', '26NO0000000000001'],
          ['H2', 'update', 'planned', '26NO0000000000002'],
          ['H3', 'create', 'planned', null],
        ]);
        expect(rows[1]?.previousNotificationId).toBe(planned[1]?.id);
        expect(rows[0]?.requestId).toBe('req-26NO0000000000001');
      });

      it('a cancellation plans a DELETE by MRN; cancelling an unknown document is invalid', async () => {
        const v1 = await parsedManifest('a.csv', 'v1');
        const [row] = (await store.planNotifications(v1, 'w1', [house('H1', 'x', 1)])) ?? [];
        await accept(row?.id ?? '', 'MRN1');
        clock.advance(1000);
        const v2 = await parsedManifest('a.csv', 'v2');
        const rows = (await store.planNotifications(v2, 'w1', [
          { ...house('H1', 'x', 1), cancel: true },
          { ...house('H9', 'q', 2), cancel: true },
        ])) ?? [];
        expect(rows.map((r) => [r.documentNumber, r.operation, r.state, r.mrn])).toEqual([
          ['H1', 'delete', 'planned', 'MRN1'],
          ['H9', 'delete', 'invalid', null],
        ]);
      });

      it('a rejected earlier notification does not count: the new version creates again', async () => {
        const v1 = await parsedManifest('a.csv', 'v1');
        const [row] = (await store.planNotifications(v1, 'w1', [house('H1', 'x', 1)])) ?? [];
        await store.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting' });
        await store.transitionNotification(row?.id ?? '', { from: 'submitting', to: 'rejected', errors: [{ field: 'a', error: 'b' }] });
        clock.advance(1000);
        const v2 = await parsedManifest('a.csv', 'v2');
        const [again] = (await store.planNotifications(v2, 'w1', [house('H1', 'x2', 1)])) ?? [];
        expect(again).toMatchObject({ operation: 'create', state: 'planned', previousNotificationId: null });
      });

      it('finds notifications by document number, MRN, request id and state', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const rows = (await store.planNotifications(id, 'w1', [house('H1', 'x', 1), house('H2', 'y', 2)])) ?? [];
        await accept(rows[0]?.id ?? '', 'MRN-A');
        expect((await store.findNotifications({ mrn: 'MRN-A' })).map((r) => r.documentNumber)).toEqual(['H1']);
        expect((await store.findNotifications({ requestId: 'req-MRN-A' })).map((r) => r.documentNumber)).toEqual(['H1']);
        expect((await store.findNotifications({ documentNumber: 'H2' })).map((r) => r.state)).toEqual(['planned']);
        expect(await store.findNotifications({ states: ['accepted', 'planned'] })).toHaveLength(2);
        expect((await store.listNotifications(id)).map((r) => r.position)).toEqual([1, 2]);
        expect((await store.getNotification(rows[1]?.id ?? ''))?.documentNumber).toBe('H2');
      });
    });

    describe('presentation rows (src/presentation)', () => {
      const presentation = (reference: string, type: string, position: number): PlannedNotificationInput => ({
        level: 'master-consignment', mode: 'air', documentNumber: reference, type, position, payloadHash: hash(`${reference}|${type}`), payload: { presentation: 'receptacle', body: {} },
      });

      it('keeps the requestId stored with planned → submitting (before the POST) through every later move, and across a reopen', async () => {
        const id = await parsedManifest('arrived.csv', 'a');
        const [row] = (await store.planNotifications(id, 'w1', [presentation('R1', 'presentation/receptacle', 1)])) ?? [];
        const requestId = '3f1c1a52-5d0e-4b1f-9a3e-0c2b9d6e7f10';
        expect(await store.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting', requestId })).toMatchObject({ state: 'submitting', requestId, submitAttempts: 1 });
        const reopened = await openAnother();
        expect(await reopened.getNotification(row?.id ?? '')).toMatchObject({ state: 'submitting', requestId });
        expect(await reopened.transitionNotification(row?.id ?? '', { from: 'submitting', to: 'outcome-unknown', lastError: 'lost' })).toMatchObject({ requestId });
        expect(await reopened.transitionNotification(row?.id ?? '', { from: 'outcome-unknown', to: 'planned' })).toMatchObject({ requestId });
        expect(await reopened.transitionNotification(row?.id ?? '', { from: 'planned', to: 'submitting' })).toMatchObject({ requestId, submitAttempts: 2 });
        expect(await reopened.transitionNotification(row?.id ?? '', { from: 'submitting', to: 'submitted' })).toMatchObject({ requestId });
        expect((await reopened.findNotifications({ requestId })).map((r) => r.documentNumber)).toEqual(['R1']);
      });

      it('finds rows by type prefix (LIKE wildcards in the prefix are literal)', async () => {
        const id = await parsedManifest('arrived.csv', 'a');
        await store.planNotifications(id, 'w1', [
          presentation('C1', 'presentation/container', 1),
          presentation('M1', 'presentation/master-consignment/N741', 2),
          presentation('X1', 'presentation_container', 3),
        ]);
        expect((await store.findNotifications({ typePrefix: 'presentation/container' })).map((r) => r.documentNumber)).toEqual(['C1']);
        expect((await store.findNotifications({ typePrefix: 'presentation/' })).map((r) => r.documentNumber)).toEqual(['C1', 'M1']);
        expect((await store.findNotifications({ typePrefix: 'presentation_', states: ['planned'] })).map((r) => r.documentNumber)).toEqual(['X1']);
        expect(await store.findNotifications({ typePrefix: 'presentation/%' })).toEqual([]);
      });
    });

    describe('streamed plans (big manifests)', () => {
      /** Receives and leases a manifest: it stays `claimed`, as while its file is planned. */
      const claimedManifest = async (originalName: string, content: string, owner = 'w1'): Promise<string> => {
        const { manifest } = await receive(originalName, content);
        const leased = await store.leaseNextManifest({ owner, leaseMs: 60_000 });
        expect(leased).toMatchObject({ id: manifest.id, state: 'claimed' });
        return manifest.id;
      };
      async function* itemsOf(items: readonly PlannedNotificationInput[], failAfter = Number.POSITIVE_INFINITY): AsyncGenerator<PlannedNotificationInput> {
        let n = 0;
        for (const item of items) {
          if (n++ === failAfter) throw new Error('the process died while planning');
          yield item;
        }
      }
      const houses = (n: number, prefix = 'H'): PlannedNotificationInput[] =>
        Array.from({ length: n }, (_, i) => house(`${prefix}${i + 1}`, `p${i + 1}`, i + 1));

      it('lets timers run between batches even when the source never waits (the end of a huge file)', async () => {
        const id = await claimedManifest('big.csv', 'big');
        // A ticker that re-arms itself runs once per event-loop pass: it counts the passes the plan
        // allowed (0 when the six batches ran in one go).
        let ticks = 0;
        let running = true;
        const tick = (): void => {
          if (!running) return;
          ticks++;
          setImmediate(tick);
        };
        setImmediate(tick);
        try {
          await store.planNotificationsStream(id, 'w1', itemsOf(houses(60)), { batchSize: 10 });
        } finally {
          running = false;
        }
        expect(ticks).toBeGreaterThanOrEqual(3);
      });

      it('stores the rows batch by batch; after an interruption a second call adds only what is missing', async () => {
        const id = await claimedManifest('big.csv', 'big');
        const items = houses(7);
        await expect(store.planNotificationsStream(id, 'w1', itemsOf(items, 5), { batchSize: 2 })).rejects.toThrow('the process died');
        // Two full batches were committed; the third (item 5) was still being collected.
        expect((await store.listNotifications(id)).map((r) => r.documentNumber)).toEqual(['H1', 'H2', 'H3', 'H4']);
        const firstIds = (await store.listNotifications(id)).map((r) => r.id);
        const counts = await store.planNotificationsStream(id, 'w1', itemsOf(items), { batchSize: 2 });
        expect(counts).toEqual({ notifications: 7, byState: { planned: 7 } });
        const rows = await store.listNotifications(id);
        expect(rows.map((r) => r.documentNumber)).toEqual(items.map((i) => i.documentNumber));
        expect(rows.slice(0, 4).map((r) => r.id)).toEqual(firstIds);
        expect(new Set(rows.map((r) => r.key)).size).toBe(7);
      });

      it('only the lease holder of a claimed manifest plans; a key twice at two positions is refused', async () => {
        const id = await claimedManifest('a.csv', 'a');
        expect(await store.planNotificationsStream(id, 'w2', itemsOf(houses(2)))).toBeUndefined();
        const twice = [house('H1', 'x', 1), house('H2', 'y', 2), house('H1', 'z', 3)];
        await expect(store.planNotificationsStream(id, 'w1', itemsOf(twice), { batchSize: 2 })).rejects.toThrow(TypeError);
        const parsed = await parsedManifest('b.csv', 'b');
        expect(await store.planNotificationsStream(parsed, 'w1', itemsOf(houses(1)))).toBeUndefined();
        expect(await store.listNotifications(parsed)).toEqual([]);
      });

      it('decides create/update/unchanged per key like planNotifications, and counts by state', async () => {
        const v1 = await parsedManifest('a.csv', 'v1');
        const planned = (await store.planNotifications(v1, 'w1', [house('H1', 'x', 1), house('H2', 'y', 2)])) ?? [];
        await accept(planned[0]?.id ?? '', 'MRN1');
        clock.advance(1000);
        const v2 = await claimedManifest('a.csv', 'v2');
        const bad = { ...house('H4', 'q', 4), invalidErrors: [{ field: 'x', error: 'bad' }] };
        const counts = await store.planNotificationsStream(v2, 'w1', itemsOf([house('H1', 'x', 1), house('H2', 'y2', 2), house('H3', 'z', 3), bad]), { batchSize: 3 });
        expect(counts).toEqual({ notifications: 4, byState: { unchanged: 1, planned: 2, invalid: 1 } });
        expect(await store.countNotifications(v2)).toEqual({ unchanged: 1, planned: 2, invalid: 1 });
        const rows = await store.listNotifications(v2);
        expect(rows.map((r) => [r.documentNumber, r.operation, r.state, r.mrn])).toEqual([
          ['H1', 'update', 'unchanged', 'MRN1'],
          ['H2', 'update', 'planned', null],
          ['H3', 'create', 'planned', null],
          ['H4', 'create', 'invalid', null],
        ]);
      });

      it('pages a manifest\'s rows by position, state and level', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const rows = (await store.planNotifications(id, 'w1', houses(5))) ?? [];
        await accept(rows[1]?.id ?? '', 'MRN2');
        const first = await store.pageNotifications(id, { limit: 2 });
        expect(first.map((r) => r.documentNumber)).toEqual(['H1', 'H2']);
        const last = first.at(-1);
        const next = await store.pageNotifications(id, { limit: 2, after: { position: last?.position ?? 0, id: last?.id ?? '' } });
        expect(next.map((r) => r.documentNumber)).toEqual(['H3', 'H4']);
        expect((await store.pageNotifications(id, { limit: 10, states: ['planned'] })).map((r) => r.documentNumber)).toEqual(['H1', 'H3', 'H4', 'H5']);
        expect(await store.pageNotifications(id, { limit: 10, states: ['accepted'], levels: ['transport'] })).toEqual([]);
        expect(await store.pageNotifications(id, { limit: 10, states: [] })).toEqual([]);
        expect(await store.countNotifications(id)).toEqual({ planned: 4, accepted: 1 });
        expect(await store.maxNotificationAttempts(id, ['planned'])).toBe(0);
        await store.recordNotificationAttempt(rows[2]?.id ?? '', 'planned', { kind: 'lookup' });
        await store.recordNotificationAttempt(rows[2]?.id ?? '', 'planned', { kind: 'lookup' });
        await store.recordNotificationAttempt(rows[3]?.id ?? '', 'planned', { kind: 'poll' });
        expect(await store.maxNotificationAttempts(id, ['planned', 'submitted'])).toBe(2);
        expect(await store.maxNotificationAttempts(id, ['accepted'])).toBe(0);
        expect(await store.maxNotificationAttempts(id, [])).toBe(0);
      });

      it('discarding an unfinished plan deletes its rows, but keeps (as invalid) a row another manifest planned against', async () => {
        const a = await claimedManifest('a.csv', 'a');
        await store.planNotificationsStream(a, 'w1', itemsOf(houses(3)));
        // Another instance plans a second file with H1 meanwhile: its update waits for a's H1.
        const b = await claimedManifest('b.csv', 'b', 'w2');
        await store.planNotificationsStream(b, 'w2', itemsOf([house('H1', 'other', 1)]));
        const [bRow] = await store.listNotifications(b);
        expect(bRow?.operation).toBe('update');
        expect(await store.discardPlannedNotifications(a, 'w2', 'x')).toBe(false);
        expect(await store.discardPlannedNotifications(a, 'w1', 'not sent: the manifest failed')).toBe(true);
        const left = await store.listNotifications(a);
        expect(left.map((r) => [r.documentNumber, r.state, r.errors])).toEqual([['H1', 'invalid', [{ field: '', error: 'not sent: the manifest failed' }]]]);
        expect(left[0]?.id).toBe(bRow?.previousNotificationId);
      });
    });

    describe('routing', () => {
      it('stores results with the marker in one CAS; a stale marker stores nothing', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const [row] = (await store.planNotifications(id, 'w1', [house('H1', 'x', 1)])) ?? [];
        await accept(row?.id ?? '', 'MRN-R');
        expect(await store.getRoutingMarker('routing')).toBeUndefined();

        const item = { mrn: 'MRN-R', decision: 'TO_ENTRY', payload: { mrn: 'MRN-R', routing: 'TO_ENTRY' }, issuedAt: 123 };
        const first = await store.recordRoutingResults([item], { feed: 'routing', expected: undefined, next: 'm1' });
        expect(first).toEqual([
          expect.objectContaining({ mrn: 'MRN-R', decision: 'TO_ENTRY', issuedAt: 123, notificationId: row?.id, manifestId: id, channel: 'ch1' }),
        ]);
        expect(await store.getRoutingMarker('routing')).toBe('m1');
        expect((await store.getNotification(row?.id ?? ''))?.state).toBe('routed');

        // another instance that read the feed at the old marker loses
        const other = await openAnother();
        const unknownItem = { mrn: 'MRN-UNKNOWN', decision: 'TO_CONTROL', payload: { x: 1 } };
        expect(await other.recordRoutingResults([unknownItem], { feed: 'routing', expected: undefined, next: 'm2' })).toBeUndefined();
        expect(await other.recordRoutingResults([unknownItem], { feed: 'routing', expected: 'm0', next: 'm2' })).toBeUndefined();
        expect(await store.listRoutingResults('MRN-UNKNOWN')).toEqual([]);

        // the same item again is ignored; an unknown MRN is kept without owner
        const second = await other.recordRoutingResults([item, unknownItem], { feed: 'routing', expected: 'm1', next: 'm2' });
        expect(second).toEqual([expect.objectContaining({ mrn: 'MRN-UNKNOWN', notificationId: null, channel: null })]);
        expect(await store.getRoutingMarker('routing')).toBe('m2');
        expect(await store.listRoutingResults('MRN-R')).toHaveLength(1);
      });

      it('attributes an item no notification holds to the notification it names (transport feed: another party\'s house on our transport)', async () => {
        const id = await parsedManifest('a.csv', 'a');
        const [row] = (await store.planNotifications(id, 'w1', [house('H1', 'x', 1)])) ?? [];
        await accept(row?.id ?? '', 'MRN-T');
        const theirs = { mrn: 'house:N730:THEIRS', decision: 'TO_CONTROL', payload: { h: 'THEIRS' }, notificationId: row?.id ?? '' };
        const ours = { mrn: 'MRN-T', decision: 'TO_ENTRY', payload: { h: 'OURS' }, notificationId: 'not-this-one' };
        expect(await store.recordRoutingResults([theirs, ours], { feed: 'transport', expected: undefined, next: 't1' })).toEqual([
          expect.objectContaining({ mrn: 'house:N730:THEIRS', notificationId: row?.id, manifestId: id, channel: 'ch1' }),
          // the notification holding the MRN wins over the one named
          expect.objectContaining({ mrn: 'MRN-T', notificationId: row?.id }),
        ]);
        expect(await store.getRoutingMarker('transport')).toBe('t1');
        expect(await store.getRoutingMarker('routing')).toBeUndefined();
      });
    });

    describe('outbox', () => {
      it('queues once per file name, leases, and writing a result completes the manifest', async () => {
        const id = await parsedManifest('a.csv', 'a');
        await store.transitionManifest(id, { from: 'parsed', to: 'awaiting-results', owner: 'w1' });
        const queued = await store.enqueueOutbox({ channel: 'ch1', fileName: 'a.result.csv', content: 'x;y\n', kind: 'result', manifestId: id });
        const again = await store.enqueueOutbox({ channel: 'ch1', fileName: 'a.result.csv', content: 'other', kind: 'result', manifestId: id });
        expect(again.id).toBe(queued.id);
        expect(again.content.toString('utf8')).toBe('x;y\n');

        const leased = await store.leaseNextOutbox({ owner: 'o1', leaseMs: 10_000 });
        expect(leased).toMatchObject({ id: queued.id, leaseOwner: 'o1', state: 'pending' });
        expect(await store.leaseNextOutbox({ owner: 'o2', leaseMs: 10_000 })).toBeUndefined();
        expect(await store.markOutboxWritten(queued.id, 'o2')).toBe(false);
        expect(await store.markOutboxWritten(queued.id, 'o1')).toBe(true);
        expect(await store.markOutboxWritten(queued.id, 'o1')).toBe(false);
        expect((await store.getManifest(id))?.state).toBe('results-written');
      });

      it('a failed write is retried only after retryAt; binary content survives', async () => {
        const bytes = new Uint8Array([0, 255, 10, 13, 0x7f]);
        const queued = await store.enqueueOutbox({ channel: 'ch1', fileName: 'routing.bin', content: bytes, kind: 'routing' });
        await store.leaseNextOutbox({ owner: 'o1', leaseMs: 10_000 });
        expect(await store.markOutboxRetry(queued.id, 'o1', { error: 'ECONNRESET', retryAt: clock.now() + 2000 })).toBe(true);
        expect(await store.leaseNextOutbox({ owner: 'o1', leaseMs: 10_000 })).toBeUndefined();
        clock.advance(2000);
        const again = await store.leaseNextOutbox({ owner: 'o1', leaseMs: 10_000, channel: 'ch1' });
        expect(again).toMatchObject({ attempts: 1, lastError: 'ECONNRESET' });
        expect([...(again?.content ?? [])]).toEqual([...bytes]);
      });
    });

    describe('operator console reads (audit log, routing signals, outbox per manifest, outcomes)', () => {
      it('records operator actions, lists them newest first, and tells which manifests are acknowledged', async () => {
        const a = (await receive('a.csv', 'a')).manifest.id;
        const b = (await receive('b.csv', 'b')).manifest.id;
        await store.recordOperatorAction({ operator: 'anna', action: 'resubmit', manifestId: a, target: 'ch1: a.csv', outcome: 'done', detail: '1 row' });
        clock.advance(1000);
        await store.recordOperatorAction({ operator: 'ola', action: 'acknowledge', manifestId: a, target: 'ch1: a.csv', outcome: 'refused', detail: 'no' });
        clock.advance(1000);
        const ack = await store.recordOperatorAction({ operator: 'ola', action: 'acknowledge', manifestId: a, target: 'ch1: a.csv', outcome: 'done' });
        clock.advance(1000);
        await store.recordOperatorAction({ operator: 'anna', action: 'replay', target: 'nothing.csv', outcome: 'failed', detail: 'gone' });
        expect(ack).toMatchObject({ operator: 'ola', action: 'acknowledge', manifestId: a, outcome: 'done', detail: null, at: clock.now() - 1000 });

        const all = await store.listOperatorActions({ limit: 10 });
        expect(all.map((x) => [x.operator, x.action, x.outcome])).toEqual([
          ['anna', 'replay', 'failed'],
          ['ola', 'acknowledge', 'done'],
          ['ola', 'acknowledge', 'refused'],
          ['anna', 'resubmit', 'done'],
        ]);
        expect((await store.listOperatorActions({ manifestId: a, action: 'resubmit', limit: 10 })).map((x) => x.detail)).toEqual(['1 row']);
        expect(await store.listOperatorActions({ limit: 1 })).toHaveLength(1);
        const acks = await store.acknowledgementsOf([a, b]);
        expect([...acks.keys()]).toEqual([a]);
        expect(acks.get(a)?.id).toBe(ack.id);
        expect(await store.acknowledgementsOf([])).toEqual(new Map());
      });

      it('pages routing results newest first and lists a manifest\'s outbox files', async () => {
        const id = await parsedManifest('a.csv', 'a');
        for (let i = 0; i < 5; i++) {
          await store.recordRoutingResults([{ mrn: `MRN-${i}`, decision: 'TO_ENTRY', payload: { i } }]);
          if (i !== 2) clock.advance(10);
        }
        // MRN-2 and MRN-3 arrive at the same instant: the id breaks the tie, and no page repeats or skips one.
        const first = await store.pageRoutingResults({ limit: 2 });
        expect(first[0]?.mrn).toBe('MRN-4');
        const last = first.at(-1) as (typeof first)[number];
        const second = await store.pageRoutingResults({ limit: 10, before: { receivedAt: last.receivedAt, id: last.id } });
        expect(second.at(-1)?.mrn).toBe('MRN-0');
        expect([...first, ...second].map((r) => r.mrn).sort()).toEqual(['MRN-0', 'MRN-1', 'MRN-2', 'MRN-3', 'MRN-4']);

        await store.enqueueOutbox({ channel: 'ch1', fileName: 'a.result.csv', content: 'r', kind: 'result', manifestId: id });
        await store.enqueueOutbox({ channel: 'ch1', fileName: 'routing.csv', content: 'x', kind: 'routing' });
        expect((await store.listOutboxOf(id)).map((o) => [o.fileName, o.kind, o.content.toString('utf8')])).toEqual([['a.result.csv', 'result', 'r']]);
      });

      it('counts manifests by outcome, pending while in progress', async () => {
        expect(await store.countManifestsByOutcome()).toEqual({ accepted: 0, 'accepted-with-rejections': 0, rejected: 0, failed: 0, pending: 0 });
        await receive('a.csv', 'a');
        await receive('b.csv', 'b');
        const leased = await store.leaseNextManifest({ owner: 'w1', leaseMs: 60_000 });
        const counts = { total: 0, sent: 0, accepted: 0, rejected: 0, invalid: 0, pending: 0 };
        await store.transitionManifest(leased?.id ?? '', { from: 'claimed', to: 'failed', owner: 'w1', failure: { code: 'X', message: 'x' }, outcome: { outcome: 'failed', counts } });
        expect(await store.countManifestsByOutcome()).toEqual({ accepted: 0, 'accepted-with-rejections': 0, rejected: 0, failed: 1, pending: 1 });
      });
    });

    describe('queue depths and several instances', () => {
      it('counts manifests, notifications and pending outbox files', async () => {
        const id = await parsedManifest('a.csv', 'a');
        await receive('b.csv', 'b');
        await store.planNotifications(id, 'w1', [house('H1', 'x', 1), house('H2', 'y', 2)]);
        await store.enqueueOutbox({ channel: 'ch1', fileName: 'f', content: 'c', kind: 'routing' });
        const depths = await store.queueDepths();
        expect(depths.manifests).toMatchObject({ parsed: 1, received: 1, archived: 0 });
        expect(depths.notifications).toMatchObject({ planned: 2, accepted: 0 });
        expect(depths.outboxPending).toBe(1);
        expect(await store.outboxPending()).toBe(1);
      });

      it('two instances leasing concurrently never get the same manifest', async () => {
        const other = await openAnother();
        for (let i = 0; i < 30; i++) await receive(`m${i}.csv`, `content ${i}`);
        const lease = async (s: JobStore, owner: string): Promise<string[]> => {
          const got: string[] = [];
          for (;;) {
            const m = await s.leaseNextManifest({ owner, leaseMs: 60_000 });
            if (m === undefined) return got;
            got.push(m.id);
          }
        };
        const [a, b, c, d] = await Promise.all([lease(store, 'a'), lease(other, 'b'), lease(store, 'c'), lease(other, 'd')]);
        const all = [...(a ?? []), ...(b ?? []), ...(c ?? []), ...(d ?? [])];
        expect(all).toHaveLength(30);
        expect(new Set(all).size).toBe(30);
      });
    });

    describe('operator queries (migration 3)', () => {
      /** A manifest driven to `archived` with an outcome stored. */
      const finished = async (name: string, channel: string, outcome: 'accepted' | 'rejected'): Promise<string> => {
        const { manifest } = await store.receiveManifest({ channel, originalName: name, processingName: `p-${name}`, contentHash: hash(name), size: 1 });
        await store.leaseNextManifest({ owner: 'w1', leaseMs: 60_000 });
        const counts = { total: 1, sent: 1, accepted: outcome === 'accepted' ? 1 : 0, rejected: outcome === 'rejected' ? 1 : 0, invalid: 0, pending: 0 };
        for (const [from, to] of [['claimed', 'parsed'], ['parsed', 'awaiting-results'], ['awaiting-results', 'results-written']] as const) {
          expect(await store.transitionManifest(manifest.id, { from, to, owner: 'w1' })).toBeDefined();
        }
        const archived = await store.transitionManifest(manifest.id, { from: 'results-written', to: 'archived', owner: 'w1', outcome: { outcome, counts } });
        expect(archived).toMatchObject({ outcome, outcomeCounts: counts });
        clock.advance(1000);
        return manifest.id;
      };

      it('pages manifests newest first by channel, state, outcome and since, with a keyset cursor', async () => {
        const a = await finished('a.csv', 'ch1', 'accepted');
        const b = await finished('b.csv', 'ch2', 'rejected');
        const c = await finished('c.csv', 'ch1', 'rejected');
        const { manifest: open } = await receive('d.csv', 'd');
        expect((await store.pageManifests({ limit: 10 })).map((m) => m.id)).toEqual([open.id, c, b, a]);
        expect((await store.pageManifests({ limit: 10, channel: 'ch1' })).map((m) => m.id)).toEqual([open.id, c, a]);
        expect((await store.pageManifests({ limit: 10, outcomes: ['rejected'] })).map((m) => m.id)).toEqual([c, b]);
        expect((await store.pageManifests({ limit: 10, outcomes: ['pending', 'accepted'] })).map((m) => m.id)).toEqual([open.id, a]);
        expect((await store.pageManifests({ limit: 10, states: ['received'] })).map((m) => m.id)).toEqual([open.id]);
        const bRecord = await store.getManifest(b);
        expect((await store.pageManifests({ limit: 10, since: bRecord?.receivedAt })).map((m) => m.id)).toEqual([open.id, c, b]);
        const first = await store.pageManifests({ limit: 2 });
        const last = first.at(-1);
        expect((await store.pageManifests({ limit: 2, before: { receivedAt: last?.receivedAt ?? 0, id: last?.id ?? '' } })).map((m) => m.id)).toEqual([b, a]);
      });

      it('a resubmission makes the same content a new version; with "all" an accepted row is re-sent as an update, never a create', async () => {
        const first = await parsedManifest('r.csv', 'same');
        // planNotifications needs the lease: parsedManifest leased it as w1
        const [row] = (await store.planNotifications(first, 'w1', [house('H-1', 'p', 1)])) ?? [];
        await accept(row?.id as string, '30NO00000000000001');
        expect((await receive('r.csv', 'same')).outcome).toBe('duplicate');
        await store.requestResubmission({ channel: 'ch1', originalName: 'r.csv', contentHash: hash('same'), mode: 'all', ofManifestId: first, requestedBy: 'test' });
        const again = await receive('r.csv', 'same');
        expect(again.outcome).toBe('new');
        expect(again.manifest).toMatchObject({ resubmit: 'all', previousManifestId: first });
        // consumed: the next drop of the same content is a duplicate again
        expect((await receive('r.csv', 'same')).outcome).toBe('duplicate');
        await store.leaseNextManifest({ owner: 'w1', leaseMs: 60_000 });
        const [resent] = (await store.planNotifications(again.manifest.id, 'w1', [house('H-1', 'p', 1)])) ?? [];
        expect(resent).toMatchObject({ operation: 'update', state: 'planned', mrn: '30NO00000000000001' });
      });

      it('counts rows of several manifests at once, reads routing for several MRNs, finds transports by their means id', async () => {
        const m1 = await parsedManifest('t.csv', 't');
        await store.planNotifications(m1, 'w1', [
          { level: 'transport', mode: 'road', documentNumber: 'AB12345@2030-01-15T10:00:00Z', type: '30', position: 1, payloadHash: hash('t'), payload: {} },
          house('H-2', 'x', 2),
          { ...house('H-3', 'y', 3), invalidErrors: [{ field: 'f', error: 'bad' }] },
        ]);
        const counts = await store.countNotificationsOf([m1, 'nope']);
        expect(counts.get(m1)).toEqual({ planned: 2, invalid: 1 });
        expect(counts.has('nope')).toBe(false);
        expect((await store.findNotifications({ transportId: 'AB12345' })).map((n) => n.documentNumber)).toEqual(['AB12345@2030-01-15T10:00:00Z']);
        expect(await store.findNotifications({ transportId: 'AB1234' })).toEqual([]);
        await store.recordRoutingResults([
          { mrn: '30NO0000000000000A', decision: 'TO_ENTRY', payload: { a: 1 } },
          { mrn: '30NO0000000000000B', decision: 'TO_CONTROL', payload: { b: 1 } },
        ]);
        expect((await store.listRoutingResultsFor(['30NO0000000000000A', '30NO0000000000000B', 'X'])).map((r) => r.decision).sort()).toEqual(['TO_CONTROL', 'TO_ENTRY']);
      });
    });

    it('refuses use after close', async () => {
      const other = await openAnother();
      await other.close();
      await expect(other.getManifest('x')).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });

    it('ping answers while the store is usable and rejects once it is closed', async () => {
      const other = await openAnother();
      await expect(other.ping()).resolves.toBeUndefined();
      await other.close();
      await expect(other.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
}
