/**
 * The floor: the least work any implementation must do for the same manifests — raw csv-parse of
 * the files, and one POST + validation-status GET pair per notification against the same
 * playground, with the same concurrency. The adapter's throughput is compared to it.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse';
import pLimit from 'p-limit';
import { collectManifest, type MappingProfile } from '@tollkit/manifest';
import { buildHouseConsignment, buildMasterConsignment, buildTransport, formatInstant } from '@tollkit/messages';
import { Pool } from 'undici';
import { ROAD_QUERY, ROAD_SUBMIT } from './playground.js';
import type { GeneratedManifest } from './road-manifest.js';

type Level = 'transport' | 'master-consignment' | 'house-consignment';

/** One prepared request body. */
export interface FloorRequest {
  readonly level: Level;
  readonly body: string;
}

/** Reads every file with csv-parse (streaming, header row, `;`, Latin-1) and counts the rows. */
export async function rawCsvParse(files: readonly GeneratedManifest[]): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  let rows = 0;
  for (const f of files) {
    const parser = createReadStream(f.path).pipe(parse({ delimiter: ';', columns: true, encoding: 'latin1', relax_column_count: false }));
    for await (const _row of parser) rows++;
  }
  return { rows, ms: performance.now() - start };
}

/**
 * Maps the files with the manifest package and builds the request bodies, level by level (not
 * part of the floor's time: it is the adapter's own work). Throws when a file does not map cleanly.
 */
export async function prepareBodies(files: readonly GeneratedManifest[], profile: MappingProfile): Promise<FloorRequest[][]> {
  const documentIssueDate = formatInstant(Date.now());
  const byLevel: Record<Level, FloorRequest[]> = { transport: [], 'master-consignment': [], 'house-consignment': [] };
  for (const f of files) {
    const { records, report } = await collectManifest({ bytes: await readFile(f.path), fileName: f.name }, profile);
    if (!report.ok) throw new Error(`${f.name} does not map cleanly: ${JSON.stringify(report.problems.slice(0, 3))}`);
    for (const r of records) {
      const body =
        r.level === 'transport'
          ? buildTransport(r.draft as never, { documentIssueDate })
          : r.level === 'master-consignment'
            ? buildMasterConsignment(r.draft as never, { documentIssueDate })
            : buildHouseConsignment(r.draft as never, { documentIssueDate });
      byLevel[r.level].push({ level: r.level, body: JSON.stringify(body) });
    }
  }
  return [byLevel.transport, byLevel['master-consignment'], byLevel['house-consignment']];
}

/** Outcome of {@link postAndPollAll}. */
export interface PairsResult {
  readonly pairs: number;
  readonly ms: number;
  readonly success: number;
  readonly failure: number;
  readonly statusGets: number;
  /** The first few FAILURE outcomes (level and Customs' errors), for diagnosis. */
  readonly failures: readonly string[];
  /** Requests repeated after a connection error. */
  readonly networkRetries: number;
}

/**
 * Sends every request (levels in order: all transports, then masters, then houses) as a raw undici
 * POST followed by validation-status GETs until the outcome is known, `concurrency` pairs at a time.
 */
export async function postAndPollAll(target: { readonly url: string; readonly token: string }, levels: readonly (readonly FloorRequest[])[], concurrency: number): Promise<PairsResult> {
  const token = target.token;
  const pool = new Pool(target.url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000 });
  let networkRetries = 0;
  /** GETs are retried on connection errors; a POST is retried too (counted: its first copy may have arrived). */
  const send = async (options: Parameters<Pool['request']>[0]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await pool.request(options);
        return { statusCode: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
      } catch (error) {
        if (attempt >= 5) throw error;
        networkRetries++;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  let success = 0;
  let failure = 0;
  let statusGets = 0;
  let pairs = 0;
  const failures: string[] = [];
  const start = performance.now();
  try {
    for (const requests of levels) {
      await pLimit(concurrency).map(requests, async (req) => {
        const posted = await send({ method: 'POST', path: `${ROAD_SUBMIT}/${req.level}`, headers, body: req.body });
        const accepted = posted.body as { requestId?: string };
        if (posted.statusCode !== 202 || typeof accepted.requestId !== 'string') throw new Error(`POST ${req.level}: HTTP ${posted.statusCode} ${JSON.stringify(accepted).slice(0, 300)}`);
        for (let attempt = 0; ; attempt++) {
          statusGets++;
          const got = await send({ method: 'GET', path: `${ROAD_QUERY}/${req.level}/validation-status/${accepted.requestId}`, headers });
          const body = got.body as { status?: string; validationErrorList?: unknown[] };
          if ((got.statusCode === 200 || got.statusCode === 202) && (body.status === 'SUCCESS' || body.status === 'FAILURE')) {
            if (body.status === 'SUCCESS') success++;
            else {
              failure++;
              if (failures.length < 5) failures.push(`${req.level}: ${JSON.stringify(body.validationErrorList ?? []).slice(0, 400)}`);
            }
            break;
          }
          if (got.statusCode !== 404) throw new Error(`GET validation-status: HTTP ${got.statusCode} ${JSON.stringify(body).slice(0, 300)}`);
          if (attempt > 10_000) throw new Error('validation-status never settled');
          await new Promise((r) => setTimeout(r, Math.min(200, 5 * (attempt + 1))));
        }
        pairs++;
      });
    }
  } finally {
    await pool.close();
  }
  return { pairs, ms: performance.now() - start, success, failure, statusGets, failures, networkRetries };
}
