import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXAMPLE_NAMES, EXAMPLE_REFERENCE_DATE, examplePaths, type ExampleName } from '@tollkit/manifest';
import iconv from 'iconv-lite';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { draftProfile } from '../../commands/profile-init.js';
import { tryProfile } from '../../commands/try-profile.js';
import type { AdapterConfig } from '../../config/load-config.js';
import type { JobStore, ManifestRecord } from '../../store/job-store.js';
import type { Html, PageFrame } from './layout.js';
import type { OperatorIdentity } from './operator-auth.js';
import { workbenchForm, workbenchJs, workbenchResults } from './pages/workbench.js';
import { WorkbenchSamples, type WorkbenchSample } from './workbench-samples.js';

/**
 * The largest sample the workbench takes (upload or channel file): it is for samples, not production
 * files. 256 KiB is about 850 rows of the road example; checking that takes about 0.6 s of the
 * service's event loop (`tollkit validate` is the tool for whole files).
 */
export const WORKBENCH_MAX_SAMPLE_BYTES = 256 * 1024;
/** The largest profile text it takes. */
export const WORKBENCH_MAX_PROFILE_CHARS = 256 * 1024;
/** Evaluations run at once in this process; more are refused (429) so the workbench cannot starve the service. */
const MAX_EVALUATIONS_IN_FLIGHT = 1;

type Env = { Variables: { identity: OperatorIdentity | undefined } };
type C = Context<Env>;

/** What {@link mountWorkbench} needs from the console. */
export interface WorkbenchDeps {
  readonly store: JobStore;
  readonly config: AdapterConfig | undefined;
  readonly now: () => number;
  readonly frame: (c: C, title: string, section: string, extra?: Partial<PageFrame>) => PageFrame;
  readonly render: (c: C, f: PageFrame, content: { before?: Html; live: Html; after?: Html }, status?: 200 | 400 | 401 | 403 | 404) => Response | Promise<Response>;
  /** Where a manifest's original lies now on a local channel, or why it cannot be read. */
  readonly originalFile: (m: ManifestRecord) => Promise<{ path: string } | string>;
}

/** Decodes a sample for the preview: BOMs, then UTF-8 when it is valid, else Windows-1252. */
function previewText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 3);
  if (head[0] === 0xff && head[1] === 0xfe) return iconv.decode(Buffer.from(bytes), 'utf-16le');
  if (head[0] === 0xfe && head[1] === 0xff) return iconv.decode(Buffer.from(bytes), 'utf-16be');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'windows-1252');
  }
}

/** `carrierId=NO1; office=NO371001` → params; blank parts are skipped. */
function parseParams(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;\n]/u)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The profile workbench (`/workbench`): open a sample (upload, bundled example, a file a local
 * channel received), edit the profile beside it, and see — debounced as you type — the mapped
 * messages per level, each house's procedure variant and every problem, from the same dry run as
 * `tollkit convert` / `validate` ({@link tryProfile}). Sends nothing, writes nothing: samples live in
 * this process's memory (bounded, see {@link WorkbenchSamples}). Open to every console reader: it
 * reads nothing a reader cannot already download, and acts on nothing.
 */
export function mountWorkbench(app: Hono<Env>, deps: WorkbenchDeps): void {
  const { store, config, now } = deps;
  const samples = new WorkbenchSamples(WORKBENCH_MAX_SAMPLE_BYTES, 16, 60 * 60_000, now);
  let inFlight = 0;
  const tomorrow = (): string => new Date(now() + 24 * 3600_000).toISOString().slice(0, 10);

  const channelFiles = async (): Promise<{ id: string; label: string }[]> => {
    const local = new Set((config?.channels ?? []).filter((ch) => ch.kind === 'local').map((ch) => ch.settings.name));
    if (local.size === 0) return [];
    const recent = await store.pageManifests({ limit: 50 });
    return recent.filter((m) => local.has(m.channel) && m.size <= WORKBENCH_MAX_SAMPLE_BYTES).slice(0, 30).map((m) => ({ id: m.id, label: `${m.channel}: ${m.originalName}` }));
  };

  /** The text of a channel's profile (a file next to the config, or a bundled example's). */
  const channelProfileText = async (channelName: string): Promise<string> => {
    const channel = config?.channels.find((ch) => ch.settings.name === channelName);
    if (channel === undefined || config === undefined) return '';
    const path = resolve(dirname(config.file), channel.profile);
    if (existsSync(path)) return readFile(path, 'utf8');
    if ((EXAMPLE_NAMES as readonly string[]).includes(channel.profile)) return readFile(examplePaths(channel.profile as ExampleName).profilePath, 'utf8');
    return '';
  };

  const evaluate = async (sample: WorkbenchSample | undefined, profileText: string, params: string, rebase: string) => {
    if (sample === undefined) return { tried: { error: 'No sample is open (or it was dropped after an hour unused, or by a restart): open one above.' }, took: undefined };
    if (profileText.trim() === '') return { tried: { error: 'The profile is empty: type one, pick an example, or draft one from the sample.' }, took: undefined };
    if (profileText.length > WORKBENCH_MAX_PROFILE_CHARS) return { tried: { error: `The profile is longer than ${WORKBENCH_MAX_PROFILE_CHARS} characters.` }, took: undefined };
    if (rebase !== '' && !/^\d{4}-\d{2}-\d{2}$/u.test(rebase)) return { tried: { error: `"Move dates from" must be a day as yyyy-MM-dd (got "${rebase}").` }, took: undefined };
    const t = performance.now();
    const tried = await tryProfile({
      bytes: sample.bytes,
      fileName: sample.fileName,
      profileText,
      params: parseParams(params),
      dateRebase: rebase === '' ? undefined : { from: rebase, to: tomorrow() },
      now,
    }).catch((error: unknown) => ({ error: `The dry run failed: ${error instanceof Error ? error.message : String(error)}` }));
    return { tried, took: performance.now() - t };
  };

  const show = async (
    c: C,
    state: { sample: WorkbenchSample | undefined; profileText: string; params: string; rebase: string; notes?: string[] },
    status: 200 | 400 = 200,
  ) => {
    const { tried, took } = await evaluate(state.sample, state.profileText, state.params, state.rebase);
    const form = workbenchForm(
      {
        sample: state.sample === undefined ? undefined : { id: state.sample.id, fileName: state.sample.fileName, origin: state.sample.origin, size: state.sample.bytes.byteLength, preview: previewText(state.sample.bytes) },
        profileText: state.profileText,
        params: state.params,
        rebase: state.rebase,
        examples: EXAMPLE_NAMES,
        channelFiles: await channelFiles(),
        maxBytes: WORKBENCH_MAX_SAMPLE_BYTES,
        notes: state.notes ?? [],
      },
      state.sample === undefined && state.profileText === '' ? workbenchResults(undefined, undefined) : workbenchResults(tried, took),
    );
    return deps.render(c, deps.frame(c, 'Profile workbench', '/workbench', { livePath: undefined }), {
      before: html`<p class="muted">Try a mapping profile on a sample: the messages it maps to, each house's procedure variant and every problem, checked as you type with the same checks as <code>tollkit validate</code>. Nothing is sent to Customs and nothing is written.</p>`,
      live: form,
    }, status);
  };

  const formOf = async (c: C) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    return { form, profileText: str(form['profile']).replace(/\r\n/gu, '\n'), params: str(form['params']), rebase: str(form['rebase']).trim(), sample: samples.get(str(form['sample'])) };
  };
  const tooLarge = (c: C) =>
    deps.render(c, deps.frame(c, 'Profile workbench', '/workbench', { livePath: undefined }), {
      live: html`<p class="notice error" role="alert">That is too large for the workbench (samples up to ${String(WORKBENCH_MAX_SAMPLE_BYTES / 1024)} KiB; <code>tollkit validate</code> checks whole files). <a href="/workbench">Back</a></p>`,
    }, 400);
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: (c) => tooLarge(c as C) });

  app.get('/assets/workbench.js', (c) => c.body(workbenchJs, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' }));
  app.get('/workbench', (c) => show(c, { sample: undefined, profileText: '', params: '', rebase: '' }));

  app.post('/workbench/sample', limit(WORKBENCH_MAX_SAMPLE_BYTES + WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    const { form, profileText, params, rebase, sample: previous } = await formOf(c);
    const file = form['file'];
    if (!(file instanceof File) || file.size === 0) return show(c, { sample: previous, profileText, params, rebase, notes: ['Choose a file to upload first.'] }, 400);
    const sample = samples.add(file.name || 'upload', 'upload', new Uint8Array(await file.arrayBuffer()));
    if (sample === undefined) return tooLarge(c);
    return show(c, { sample, profileText, params, rebase });
  });

  app.post('/workbench/example', limit(WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    const { form, profileText, params, rebase, sample: previous } = await formOf(c);
    const name = str(form['example']);
    if (!(EXAMPLE_NAMES as readonly string[]).includes(name)) return show(c, { sample: previous, profileText, params, rebase, notes: ['Pick a bundled example first.'] }, 400);
    const paths = examplePaths(name as ExampleName);
    const sample = samples.add(paths.manifestPath.split('/').at(-1) ?? name, `example ${name}`, await readFile(paths.manifestPath));
    return show(c, {
      sample,
      profileText: await readFile(paths.profilePath, 'utf8'),
      params: '',
      rebase: EXAMPLE_REFERENCE_DATE,
      notes: [`Opened the bundled example ${name} with its profile; its arrival day ${EXAMPLE_REFERENCE_DATE} is moved to tomorrow, as the demo does.`],
    });
  });

  app.post('/workbench/channel-file', limit(WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    const { form, profileText, params, rebase, sample: previous } = await formOf(c);
    const m = await store.getManifest(str(form['manifest']));
    const where = m === undefined ? 'no such manifest' : await deps.originalFile(m);
    if (m === undefined || typeof where === 'string') return show(c, { sample: previous, profileText, params, rebase, notes: [`That file cannot be opened: ${String(where)}.`] }, 400);
    const size = (await stat(where.path)).size;
    if (size > WORKBENCH_MAX_SAMPLE_BYTES) return tooLarge(c);
    const sample = samples.add(m.originalName, `channel ${m.channel}`, await readFile(where.path));
    return show(c, { sample, profileText: await channelProfileText(m.channel), params: '', rebase: '', notes: [`Opened ${m.originalName} from channel ${m.channel} with the channel's profile.`] });
  });

  app.post('/workbench/init', limit(WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    const { rebase, sample } = await formOf(c);
    if (sample === undefined) return show(c, { sample, profileText: '', params: '', rebase, notes: ['Open a sample first.'] }, 400);
    const { inferred, params } = draftProfile(sample.bytes, sample.fileName);
    const mapped = inferred.fields.filter((f) => f.source !== undefined).length;
    return show(c, {
      sample,
      profileText: inferred.yaml,
      params: params === undefined ? '' : Object.entries(params).map(([k, v]) => `${k}=${v}`).join('; '),
      rebase,
      notes: [`Drafted by profile init: ${mapped} fields mapped from the file, ${inferred.unmapped.length} mandatory fields not mapped (marked MANDATORY in the text).`, ...inferred.notes],
    });
  });

  app.post('/workbench/evaluate', limit(WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    if (inFlight >= MAX_EVALUATIONS_IN_FLIGHT) return c.html(workbenchResults({ error: 'The workbench is busy with other checks; it retries on your next edit.' }, undefined), 429);
    inFlight++;
    try {
      const { profileText, params, rebase, sample } = await formOf(c);
      const { tried, took } = await evaluate(sample, profileText, params, rebase);
      return c.html(workbenchResults(tried, took));
    } finally {
      inFlight--;
    }
  });

  app.post('/workbench/download', limit(WORKBENCH_MAX_PROFILE_CHARS * 4 + 64 * 1024), async (c) => {
    const { profileText } = await formOf(c);
    const json = /^\s*\{/u.test(profileText);
    const name = (/^name:\s*["']?([\w.-]+)/mu.exec(profileText)?.[1] ?? /"name"\s*:\s*"([\w.-]+)"/u.exec(profileText)?.[1] ?? 'profile').slice(0, 100);
    return c.body(profileText, 200, {
      'content-type': `${json ? 'application/json' : 'application/yaml'}; charset=utf-8`,
      'content-disposition': `attachment; filename="${name}.${json ? 'json' : 'yaml'}"`,
    });
  });
}
