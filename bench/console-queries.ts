/**
 * How fast the operator console's queries are on a big store: `listManifests` (the manifests page:
 * first page, filters, paging) and the search (`findAnything` by waybill, MRN, requestId, file name,
 * archive name, transport id, and an unknown term), plus a manifest's detail page, and the console's
 * pages themselves rendered to HTML (manifests, detail, search, overview) — on SQLite and
 * PostgreSQL filled with `--manifests` manifests of `--rows` notifications each (default 100,000 ×
 * 100 = 10 million notifications; `--quick`: 2,000 × 20).
 *
 * The store is filled directly with bulk SQL (INSERT … SELECT over a generated series, secondary
 * indexes dropped during the load and rebuilt after, exactly as migrations define them), then every
 * query runs through the real `JobStore` and use-case functions. Data: 20 channels, one manifest a
 * minute, 80 % all accepted, 10 % accepted with rejections (every 10th row rejected), 3 % rejected,
 * 2 % failed, 5 % in progress; row 1 a transport, row 2 a master, the rest houses.
 *
 * Prints `name: value unit` lines: fill and index times, database size, and per query the median and
 * the slowest of `--runs` runs (after 3 warm-up runs).
 *
 *   pnpm exec tsx bench/console-queries.ts --quick
 *   pnpm exec tsx bench/console-queries.ts                      # full size (minutes; disk: ~6 GB)
 *   pnpm exec tsx bench/console-queries.ts --postgres 0         # SQLite only
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describeManifest } from '../apps/adapter/src/commands/describe-manifest.js';
import { createConsole } from '../apps/adapter/src/console/create-console.js';
import { OperatorAuth } from '../apps/adapter/src/console/lib/operator-auth.js';
import { silentLog } from '../apps/adapter/src/pipeline/ports.js';
import { ServiceStatus } from '../apps/adapter/src/service/lib/service-status.js';
import { findAnything } from '../apps/adapter/src/commands/find.js';
import { listManifests } from '../apps/adapter/src/commands/list-manifests.js';
import { createPostgresDriver } from '../apps/adapter/src/store/lib/postgres-driver.js';
import type { SqlDriver } from '../apps/adapter/src/store/lib/sql-driver.js';
import { createSqliteDriver } from '../apps/adapter/src/store/lib/sqlite-driver.js';
import type { JobStore } from '../apps/adapter/src/store/job-store.js';
import { migrate, migrationSql, migrations } from '../apps/adapter/src/store/migrations.js';
import { openJobStore } from '../apps/adapter/src/store/open-job-store.js';
import { startPostgres } from '../apps/adapter/test/support/postgres.js';
import { readArgs } from './lib/args.js';
import { finish, printFigure } from './lib/figures.js';
import { tempDir } from './lib/temp-dir.js';

const args = readArgs(['manifests', 'rows', 'runs', 'sqlite', 'postgres']);
const M = args.ints['manifests'] ?? (args.quick ? 2_000 : 100_000);
const R = args.ints['rows'] ?? (args.quick ? 20 : 100);
const RUNS = args.ints['runs'] ?? 20;
const CHUNK = Math.max(1, Math.floor(500_000 / R)); // manifests per INSERT statement (~500k rows)
const BASE = Date.parse('2030-09-01T00:00:00Z');

type Dialect = 'sqlite' | 'postgres';

/** SQL for a zero-padded hex / decimal rendering of an integer expression, per dialect. */
const hex = (d: Dialect, expr: string, width: number): string =>
  d === 'sqlite' ? `printf('%0${width}x', ${expr})` : `lpad(to_hex(${expr}), ${width}, '0')`;
const dec = (d: Dialect, expr: string, width: number): string =>
  d === 'sqlite' ? `printf('%0${width}d', ${expr})` : `lpad((${expr})::text, ${width}, '0')`;
/** A series of integers lo..hi-1 as a FROM clause with column x. */
const series = (d: Dialect, lo: number, hi: number): string =>
  d === 'sqlite'
    ? `(WITH RECURSIVE s(x) AS (SELECT ${lo} UNION ALL SELECT x + 1 FROM s WHERE x + 1 < ${hi}) SELECT x FROM s) AS g`
    : `generate_series(${lo}::bigint, ${hi - 1}::bigint) AS g(x)`;

const manifestId = (d: Dialect, m: string): string => `'00000000-0000-4000-8000-' || ${hex(d, m, 12)}`;
/** m % 100 → the manifest's kind. */
const KIND = (m: string): string =>
  `CASE WHEN ${m} % 100 < 2 THEN 'failed' WHEN ${m} % 100 < 5 THEN 'progress' WHEN ${m} % 100 < 15 THEN 'partial' WHEN ${m} % 100 < 18 THEN 'rejected' ELSE 'accepted' END`;

function manifestsInsert(d: Dialect, lo: number, hi: number): string {
  const m = 'x';
  const k = KIND(m);
  const rej = Math.max(1, Math.floor(R / 10));
  const counts = (total: number, sent: number, accepted: number, rejected: number, invalid: number): string =>
    `'{"total":${total},"sent":${sent},"accepted":${accepted},"rejected":${rejected},"invalid":${invalid},"pending":0}'`;
  return `INSERT INTO manifests (id, channel, original_name, processing_name, content_hash, size, state, lease_count,
      failure, received_at, updated_at, outcome, outcome_counts)
    SELECT ${manifestId(d, m)}, 'partner-' || (${m} % 20), 'orders-' || ${m} || '.csv',
      '20301115T101500Z-' || ${hex(d, m, 8)} || '-orders-' || ${m} || '.csv', 'sha256:' || ${hex(d, m, 64)}, 10000,
      CASE ${k} WHEN 'failed' THEN 'failed' WHEN 'progress' THEN 'submitting' ELSE 'archived' END, 1,
      CASE ${k} WHEN 'failed' THEN '{"code":"MANIFEST_UNREADABLE","message":"bad header"}' ELSE NULL END,
      ${BASE} + ${m} * 60000, ${BASE} + ${m} * 60000 + 5000,
      CASE ${k} WHEN 'failed' THEN 'failed' WHEN 'progress' THEN NULL WHEN 'partial' THEN 'accepted-with-rejections' WHEN 'rejected' THEN 'rejected' ELSE 'accepted' END,
      CASE ${k} WHEN 'failed' THEN ${counts(R, 0, 0, 0, R)} WHEN 'progress' THEN NULL WHEN 'partial' THEN ${counts(R, R, R - rej, rej, 0)}
        WHEN 'rejected' THEN ${counts(R, R, 0, R, 0)} ELSE ${counts(R, R, R, 0, 0)} END
    FROM ${series(d, lo, hi)}`;
}

function notificationsInsert(d: Dialect, lo: number, hi: number): string {
  // x = notification number; m = its manifest, p = its position (1-based)
  const m = `(x / ${R})`;
  const p = `(x % ${R} + 1)`;
  const k = KIND(m);
  const level = `CASE WHEN ${p} = 1 THEN 'transport' WHEN ${p} = 2 THEN 'master-consignment' ELSE 'house-consignment' END`;
  const doc = `CASE WHEN ${p} = 1 THEN 'TR' || ${m} || '@2030-11-16T12:00:00Z' WHEN ${p} = 2 THEN 'SF-' || ${m} ELSE 'CMR-' || ${m} || '-' || ${p} END`;
  const type = `CASE WHEN ${p} = 1 THEN '30' WHEN ${p} = 2 THEN 'N741' ELSE 'N730' END`;
  const state = `CASE ${k} WHEN 'failed' THEN 'invalid' WHEN 'progress' THEN CASE WHEN ${p} % 2 = 0 THEN 'submitted' ELSE 'accepted' END
      WHEN 'rejected' THEN 'rejected' WHEN 'partial' THEN CASE WHEN ${p} % 10 = 0 THEN 'rejected' ELSE 'accepted' END
      ELSE CASE WHEN ${p} % 3 = 0 THEN 'routed' ELSE 'accepted' END END`;
  return `INSERT INTO notifications (id, manifest_id, level, mode, document_number, type, carrier, key, position, operation,
      payload_hash, payload, state, request_id, mrn, errors, incomplete_reasons, submit_attempts, poll_attempts, lookup_attempts,
      created_at, updated_at)
    SELECT '10000000-0000-4000-8000-' || ${hex(d, 'x', 12)}, ${manifestId(d, m)}, ${level}, 'road', ${doc}, ${type}, NULL,
      ${level} || '|' || ${doc} || '|' || ${type} || '|', ${p}, 'create', 'sha256:' || ${hex(d, 'x', 16)},
      '{"row":' || ${p} || ',"goods":"brake discs"}',
      st,
      CASE WHEN st = 'invalid' THEN NULL ELSE ${hex(d, m, 8)} || '-' || ${hex(d, p, 4)} || '-4000-8000-' || ${hex(d, 'x', 12)} END,
      CASE WHEN st IN ('accepted', 'routed') THEN '30NO' || ${dec(d, 'x', 14)} ELSE NULL END,
      CASE WHEN st = 'rejected' THEN '[{"description":"the previous document is not known","pointer":{"messageElementPath":"consignmentHouseLevel.previousDocuments[0].sequenceNumber"}}]'
           WHEN st = 'invalid' THEN '[{"field":"","error":"not sent: the manifest failed (MANIFEST_UNREADABLE)"}]' ELSE '[]' END,
      '[]', 1, 1, 0, ${BASE} + ${m} * 60000 + ${p}, ${BASE} + ${m} * 60000 + 3000
    FROM (SELECT x, ${state} AS st FROM ${series(d, lo, hi)}) AS rows_`;
}

/** Secondary indexes of the schema (name → CREATE statement), dropped for the load and rebuilt after. */
const INDEXES = migrations.flatMap((mig) => mig.statements).filter((s) => /^CREATE INDEX/.test(s)).map((s) => ({ name: /^CREATE INDEX (\w+)/.exec(s)?.[1] as string, sql: s }));

async function fill(driver: SqlDriver, label: string): Promise<void> {
  const d = driver.dialect;
  await migrate(driver);
  for (const index of INDEXES) await driver.query(`DROP INDEX ${index.name}`);
  let started = performance.now();
  for (let lo = 0; lo < M; lo += CHUNK) await driver.query(manifestsInsert(d, lo, Math.min(M, lo + CHUNK)));
  for (let lo = 0; lo < M; lo += CHUNK) {
    await driver.query(notificationsInsert(d, lo * R, Math.min(M, lo + CHUNK) * R));
    if (!args.quick) process.stderr.write(`${label}: ${Math.min(M, lo + CHUNK)} of ${M} manifests' rows stored\n`);
  }
  printFigure(`console.${label}.fill_s`, (performance.now() - started) / 1000, 's');
  started = performance.now();
  for (const index of INDEXES) await driver.query(migrationSql(index.sql, d));
  await driver.query(d === 'sqlite' ? 'ANALYZE' : 'ANALYZE manifests');
  if (d === 'postgres') await driver.query('ANALYZE notifications');
  printFigure(`console.${label}.index_build_s`, (performance.now() - started) / 1000, 's');
}

/** Times `fn` `RUNS` times after 3 warm-ups; prints median and slowest in ms. */
async function time(label: string, name: string, fn: (run: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i + 3);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  printFigure(`console.${label}.${name}.median_ms`, times[Math.floor(times.length / 2)] ?? 0, 'ms');
  printFigure(`console.${label}.${name}.max_ms`, times.at(-1) ?? 0, 'ms');
}

async function measure(store: JobStore, label: string): Promise<void> {
  const pick = (i: number): number => (i * 7919) % M; // spread over the store, different each run
  await time(label, 'list.first_page', () => listManifests(store, { limit: 50 }));
  await time(label, 'list.outcome_with_rejections', () => listManifests(store, { outcome: ['accepted-with-rejections', 'rejected'], limit: 50 }));
  await time(label, 'list.channel_since_7d', () => listManifests(store, { channel: 'partner-7', since: BASE + M * 60_000 - 7 * 86_400_000, limit: 50 }));
  await time(label, 'list.state_failed', () => listManifests(store, { state: 'failed', limit: 50 }));
  await time(label, 'list.in_progress_live_counts', () => listManifests(store, { outcome: 'pending', limit: 50 }));
  // paging deep: 20 pages one after the other, per page
  await time(label, 'list.next_page_of_20', async () => {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await listManifests(store, { limit: 50, cursor });
      cursor = result.nextCursor ?? undefined;
    }
  });
  const idOf = (m: number): string => `00000000-0000-4000-8000-${m.toString(16).padStart(12, '0')}`;
  await time(label, 'detail.first_100_rows', (i) => describeManifest(store, idOf(pick(i)), { limit: 100 }));
  await time(label, 'detail.rejected_rows', (i) => describeManifest(store, idOf(10 * Math.floor(pick(i) / 100) * 10 + 5), { states: ['rejected', 'invalid'], limit: 100 }));
  await time(label, 'search.waybill', (i) => findAnything(store, `CMR-${pick(i)}-${3 + (i % (R - 2))}`));
  await time(label, 'search.mrn', (i) => findAnything(store, `30NO${String(pick(i) * R + 1).padStart(14, '0')}`));
  await time(label, 'search.request_id', (i) => {
    const m = pick(i) - (pick(i) % 100) + 50; // an accepted manifest
    const x = Math.min(M - 1, m) * R + 2;
    return findAnything(store, `${Math.floor(x / R).toString(16).padStart(8, '0')}-${((x % R) + 1).toString(16).padStart(4, '0')}-4000-8000-${x.toString(16).padStart(12, '0')}`);
  });
  await time(label, 'search.file_name', (i) => findAnything(store, `orders-${pick(i)}.csv`));
  await time(label, 'search.archive_name', (i) => findAnything(store, `/srv/partner/archive/20301115T101500Z-${pick(i).toString(16).padStart(8, '0')}-orders-${pick(i)}.csv`));
  await time(label, 'search.transport_id', (i) => findAnything(store, `TR${pick(i)}`));
  await time(label, 'search.unknown', (i) => findAnything(store, `NOPE-${i}`));

  // The console's pages as a browser gets them: query + server-side rendering to HTML (no network).
  const consoleApp = (): ReturnType<typeof createConsole> =>
    createConsole({ store, status: () => status.view(), auth: new OperatorAuth([]), config: undefined, log: silentLog });
  const status = new ServiceStatus('bench', ['partner-1'], Date.now);
  const app = consoleApp();
  const get = async (a: ReturnType<typeof createConsole>, path: string): Promise<void> => {
    const response = await a.request(path);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    await response.text();
  };
  await time(label, 'page.manifests', () => get(app, '/manifests'));
  await time(label, 'page.manifests_with_rejections', () => get(app, '/manifests?outcome=accepted-with-rejections'));
  await time(label, 'page.manifest_detail', (i) => get(app, `/manifests/${idOf(pick(i))}`));
  await time(label, 'page.search_mrn', (i) => get(app, `/search?q=30NO${String(pick(i) * R + 1).padStart(14, '0')}`));
  await time(label, 'page.search_waybill', (i) => get(app, `/search?q=CMR-${pick(i)}-${3 + (i % (R - 2))}`));
  // The overview counts whole tables; its counts are shared between polls, so time a cold one.
  await time(label, 'page.overview_uncached', () => get(consoleApp(), '/'));
  await time(label, 'page.overview_polled', () => get(app, '/'));
}

printFigure('console.manifests', M, 'manifests');
printFigure('console.notifications', M * R, 'notifications');

if ((args.ints['sqlite'] ?? 1) !== 0) {
  const work = await tempDir('console-sqlite');
  try {
    const file = join(work.dir, 'tollkit.sqlite');
    const driver = createSqliteDriver(file, { synchronous: 'normal' });
    try {
      await fill(driver, 'sqlite');
    } finally {
      await driver.close();
    }
    printFigure('console.sqlite.db_size', statSync(file).size / 1024 / 1024, 'MiB');
    const { store } = await openJobStore({ kind: 'sqlite', dataDir: work.dir });
    try {
      await measure(store, 'sqlite');
    } finally {
      await store.close();
    }
  } finally {
    await work.cleanup();
  }
}

if ((args.ints['postgres'] ?? 1) !== 0) {
  const server = await startPostgres();
  try {
    const url = await server.createDatabase();
    const driver = createPostgresDriver({ connectionString: url });
    try {
      await fill(driver, 'postgres');
      const [size] = await driver.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
      printFigure('console.postgres.db_size', Number(size?.bytes ?? 0) / 1024 / 1024, 'MiB');
    } finally {
      await driver.close();
    }
    const { store } = await openJobStore({ kind: 'postgres', connectionString: url });
    try {
      await measure(store, 'postgres');
    } finally {
      await store.close();
    }
  } finally {
    await server.close();
  }
}

finish();
