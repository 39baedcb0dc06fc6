import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describeManifest } from '../commands/describe-manifest.js';
import { findAnything } from '../commands/find.js';
import { listManifests } from '../commands/list-manifests.js';
import { replayFile } from '../commands/replay.js';
import { resubmitManifest } from '../commands/resubmit.js';
import type { AdapterConfig } from '../config/load-config.js';
import { localPathInside } from '../intake/lib/safe-name.js';
import type { PipelineLog } from '../pipeline/ports.js';
import type { ManifestState, NotificationState } from '../store/states.js';
import type { ServiceStatusView } from '../service/lib/service-status.js';
import type { JobStore, ManifestOutcome, OperatorActionKind, OperatorActionRecord } from '../store/job-store.js';
import { consoleCss, page, when, type Html, type PageFrame } from './lib/layout.js';
import { OperatorAuth, sessionCookie, type OperatorIdentity } from './lib/operator-auth.js';
import { throttled } from './lib/throttled.js';
import { mountWorkbench } from './lib/workbench-routes.js';
import { actionsTable, loginForm } from './lib/pages/actions.js';
import { overviewBody } from './lib/pages/overview.js';
import { emergencyLines } from '../pipeline/queue-emergency-packs.js';
import { routingBody } from './lib/pages/routing.js';
import { manifestFilterForm, manifestHead, manifestTable, rowFilter, rowTable, searchResults } from './lib/pages/manifests.js';

/** Options of {@link createConsole}. */
export interface ConsoleOptions {
  readonly store: JobStore;
  /** The running service's live state (channels, Customs, routing lag, throughput). */
  readonly status: () => ServiceStatusView;
  readonly auth: OperatorAuth;
  /**
   * The loaded config: replay and resubmit (the same use cases as the CLI) and downloads of original
   * files need it; without it those are refused.
   */
  readonly config: AdapterConfig | undefined;
  readonly log: PipelineLog;
  /** How often pages re-read their live region. Default 2 s. */
  readonly refreshMs?: number | undefined;
  /** The routing feed the service follows. Default `house-consignment`. */
  readonly routingFeed?: string | undefined;
  readonly now?: (() => number) | undefined;
}

const require = createRequire(import.meta.url);
/** htmx, served from the installed package (no CDN, no network). */
const htmxJs = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/** Opaque keyset cursor `<ms>.<id>` ↔ base64url. */
export function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}.${id}`, 'utf8').toString('base64url');
}
function decodeCursor(cursor: string | undefined): { at: number; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const at = Number(text.slice(0, dot));
  return dot > 0 && Number.isInteger(at) ? { at, id: text.slice(dot + 1) } : undefined;
}

function categoryOf(error: unknown): 'refused' | 'failed' {
  if (error instanceof TypeError) return 'refused';
  const category = (error as { category?: unknown } | null)?.category;
  return category === 'bad-data' || category === 'config' ? 'refused' : 'failed';
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The operator console: server-rendered pages (htmx from the package re-reads each page's live
 * region every `refreshMs`), read-only for everyone who can reach the ops port, actions only for
 * configured operators (session cookie from the login form, or `Authorization: Bearer|Basic`), each
 * action CSRF-checked (same-origin check plus a per-session token) and recorded with who and when.
 * Mount it on the ops server beside `/healthz` and `/metrics` (`startService` does).
 *
 * @example
 * const app = createConsole({ store, status: () => status.view(), auth: new OperatorAuth(operators), actions, log });
 */
export function createConsole(options: ConsoleOptions): Hono<{ Variables: { identity: OperatorIdentity | undefined } }> {
  const { store, auth, log } = options;
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 2_000;
  const routingFeed = options.routingFeed ?? 'house-consignment';
  const app = new Hono<{ Variables: { identity: OperatorIdentity | undefined } }>();
  type C = Context<{ Variables: { identity: OperatorIdentity | undefined } }>;

  // Same-origin check on every form POST (login included), then who is asking.
  app.use('*', csrf());
  app.use('*', async (c, next) => {
    c.set('identity', auth.identify({ authorization: c.req.header('authorization'), sessionId: getCookie(c, sessionCookie) }));
    c.header('x-frame-options', 'DENY');
    c.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'");
    c.header('referrer-policy', 'same-origin');
    await next();
  });

  const frame = (c: C, title: string, section: string, extra: Partial<PageFrame> = {}): PageFrame => {
    const identity = c.get('identity');
    return {
      title,
      section,
      operator: identity?.name,
      csrfToken: identity === undefined ? undefined : auth.csrfToken(identity),
      actionsEnabled: auth.actionsEnabled,
      refreshMs,
      livePath: c.req.path + (new URL(c.req.url).search ?? ''),
      ...extra,
    };
  };
  const render = (c: C, f: PageFrame, content: { before?: Html; live: Html; after?: Html }, status: 200 | 400 | 401 | 403 | 404 = 200) =>
    c.html(page(f, content), status);

  app.get('/assets/htmx.min.js', (c) => c.body(htmxJs, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' }));
  app.get('/assets/console.css', (c) => c.body(consoleCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=86400' }));

  // Whole-table counts: shared by every open overview, re-read at most every refresh (longer when slow).
  const counts = throttled(async () => {
    const [depths, outcomes] = await Promise.all([store.queueDepths(), store.countManifestsByOutcome()]);
    return { depths, outcomes };
  }, refreshMs, now);
  app.get('/', async (c) => {
    const t = now();
    const status = options.status();
    const [counted, routingMarker, transportMarker, failed] = await Promise.all([
      counts(),
      store.getRoutingMarker(routingFeed),
      status.transportFeed.state === 'off' ? undefined : store.getRoutingMarker('transport'),
      store.pageManifests({ states: ['failed'], limit: 5 }),
    ]);
    const body = overviewBody({
      now: t,
      status,
      depths: counted.value.depths,
      outcomes: counted.value.outcomes,
      countedAt: counted.at,
      routingMarker,
      routingFeed,
      transportMarker,
      recentFailures: failed.map((m) => ({
        id: m.id,
        channel: m.channel,
        originalName: m.originalName,
        at: m.updatedAt,
        code: m.failure?.code ?? 'FAILED',
        message: m.failure?.message ?? '',
      })),
    });
    return render(c, frame(c, 'Overview', '/'), { live: body });
  });

  app.get('/routing', async (c) => {
    const before = decodeCursor(c.req.query('cursor'));
    const limit = 50;
    const rows = await store.pageRoutingResults({ limit: limit + 1, before: before === undefined ? undefined : { receivedAt: before.at, id: before.id } });
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    const next = rows.length > limit && last !== undefined ? encodeCursor(last.receivedAt, last.id) : undefined;
    return render(c, frame(c, 'Routing signals', '/routing'), { live: routingBody(shown, next) });
  });

  app.get('/actions', async (c) => {
    const actions = await store.listOperatorActions({ limit: 200 });
    return render(c, frame(c, 'Operator actions', '/actions'), {
      before: html`<p class="muted">Every replay, resubmit and acknowledgement done in this console, with who and when (newest first).</p>`,
      live: actionsTable(actions),
    });
  });

  const channelNames = (): string[] => options.status().channels.map((ch) => ch.name);
  const refused = (c: C, title: string, section: string, error: unknown, status: 400 | 404 = 404) =>
    render(c, frame(c, title, section, { livePath: undefined }), { live: html`<p class="notice error" role="alert">${message(error)}</p>` }, status);

  app.get('/manifests', async (c) => {
    const q = (k: string): string => (c.req.query(k) ?? '').trim();
    const filters = { channel: q('channel'), state: q('state'), outcome: q('outcome'), since: q('since') };
    const before = manifestFilterForm(filters, channelNames());
    try {
      const listed = await listManifests(store, {
        channel: filters.channel || undefined,
        state: (filters.state || undefined) as ManifestState | undefined,
        outcome: (filters.outcome || undefined) as ManifestOutcome | 'pending' | undefined,
        since: filters.since || undefined,
        cursor: q('cursor') || undefined,
        limit: 50,
        now,
      });
      const nextQuery = new URLSearchParams({ ...filters, cursor: listed.nextCursor ?? '' });
      return render(c, frame(c, 'Manifests', '/manifests'), {
        before,
        live: html`${manifestTable(listed.manifests)}
          <div class="pager">${q('cursor') === '' ? '' : html`<a href="/manifests?${new URLSearchParams(filters).toString()}">Newest</a>`}
          ${listed.nextCursor === null ? '' : html`<a href="/manifests?${nextQuery.toString()}" data-testid="next-page">Older manifests →</a>`}</div>`,
      });
    } catch (error) {
      return render(c, frame(c, 'Manifests', '/manifests', { livePath: undefined }), { before, live: html`<p class="notice error" role="alert">${message(error)}</p>` }, 400);
    }
  });

  const rowStates: Record<string, readonly NotificationState[] | undefined> = {
    '': undefined,
    problems: ['rejected', 'invalid'],
    pending: ['planned', 'submitting', 'submitted', 'outcome-unknown'],
  };
  app.get('/manifests/:id', async (c) => {
    const id = c.req.param('id');
    const rows = c.req.query('rows') ?? '';
    let detail;
    try {
      detail = await describeManifest(store, id, { cursor: c.req.query('cursor') || undefined, limit: 100, states: rowStates[rows] });
    } catch (error) {
      return refused(c, 'Manifest', '/manifests', error, 400);
    }
    if (detail === undefined) return refused(c, 'Manifest', '/manifests', new Error(`No manifest ${id} in the store.`));
    const identity = c.get('identity');
    const m = detail.manifest;
    const [acks, actions, outbox, versions] = await Promise.all([
      store.acknowledgementsOf([id]),
      store.listOperatorActions({ manifestId: id, limit: 50 }),
      store.listOutboxOf(id),
      store.findManifests({ channel: m.channel, originalName: m.originalName, limit: 1000 }),
    ]);
    const receivedAt = Date.parse(m.receivedAt);
    const newer = versions
      .filter((v) => v.receivedAt > receivedAt || (v.receivedAt === receivedAt && v.id > m.id))
      .sort((a, b) => b.receivedAt - a.receivedAt || b.id.localeCompare(a.id))[0];
    const shown = actions.find((a) => a.id === c.req.query('action'));
    const original = await originalFile(detail.manifest);
    const head = manifestHead(detail, {
      mode: !auth.actionsEnabled ? 'read-only' : identity === undefined ? 'login' : 'operator',
      csrfToken: identity === undefined ? undefined : auth.csrfToken(identity),
      acknowledged: acks.get(id),
      original: typeof original === 'string' ? original : true,
      result: outbox.some((o) => o.kind === 'result'),
      newer: newer === undefined ? undefined : { id: newer.id, receivedAt: newer.receivedAt },
    });
    const emergency = await emergencyLines(store, id);
    const emergencyPart =
      emergency.length === 0
        ? ''
        : html`<h2>Emergency pack</h2>
            <p>Customs could not be reached close to the transport's arrival: the emergency pack went to the partner's outbox.</p>
            <table class="emergency"><thead><tr><th>File</th><th>Status</th><th>Meaning</th></tr></thead><tbody>
            ${emergency.map((l) => html`<tr><td>${l.documentNumber}</td><td class="state ${l.status}">${l.status}</td><td>${l.warnings[0] ?? ''}</td></tr>`)}
            </tbody></table>`;
    const more = detail.nextCursor === null ? '' : html`<div class="pager"><a href="/manifests/${id}?${new URLSearchParams({ rows, cursor: detail.nextCursor }).toString()}">Next rows →</a></div>`;
    return render(
      c,
      frame(c, `Manifest ${detail.manifest.originalName}`, '/manifests', {
        notice: shown === undefined ? undefined : { kind: shown.outcome === 'done' ? 'ok' : 'error', text: `${shown.action} by ${shown.operator} at ${when(shown.at)}: ${shown.outcome}${shown.detail === null ? '' : ` — ${shown.detail}`}` },
      }),
      {
        live: html`${head}${emergencyPart}${rowFilter(id, rows)}${rowTable(detail.rows)}${more}
          <h2>Operator actions on this manifest</h2>${actionsTable(actions)}`,
      },
    );
  });

  /** The original file of a manifest: where it lies on a local channel now, or why it cannot be served. */
  const originalFile = async (m: { channel: string; state: string; processingName: string }): Promise<{ path: string } | string> => {
    const channel = options.config?.channels.find((ch) => ch.settings.name === m.channel);
    if (channel === undefined) return 'the service runs without this channel in its config';
    const folder = m.state === 'archived' ? 'archive' : m.state === 'failed' ? 'failed' : 'processing';
    if (channel.kind !== 'local') return `on the SFTP server under ${folder}/${m.processingName}`;
    const path = localPathInside(channel.settings.root, channel.settings.folders[folder], m.processingName);
    const found = await stat(path).then((st) => st.isFile(), () => false);
    return found ? { path } : `no longer in ${folder}/ (replayed or moved)`;
  };
  mountWorkbench(app, { store, config: options.config, now, frame, render, originalFile });
  const attachment = (name: string): string => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  app.get('/manifests/:id/original', async (c) => {
    const m = await store.getManifest(c.req.param('id'));
    if (m === undefined) return c.text('no such manifest\n', 404);
    const file = await originalFile(m);
    if (typeof file === 'string') return c.text(`the original file cannot be served: ${file}\n`, 404);
    const stream = Readable.toWeb(createReadStream(file.path)) as ReadableStream;
    return c.body(stream, 200, { 'content-type': 'application/octet-stream', 'content-disposition': attachment(m.originalName) });
  });
  app.get('/manifests/:id/result', async (c) => {
    const result = (await store.listOutboxOf(c.req.param('id'))).filter((o) => o.kind === 'result').at(-1);
    if (result === undefined) return c.text('no result file for this manifest yet\n', 404);
    return c.body(new Uint8Array(result.content), 200, { 'content-type': 'application/octet-stream', 'content-disposition': attachment(result.fileName) });
  });

  app.get('/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const before = html`<form class="filters" method="get" action="/search" data-testid="search-form">
      <label>Waybill, MRN, transport id, requestId, file name or manifest id<input name="q" value="${q}" size="50" autofocus></label>
      <button type="submit">Search</button></form>`;
    let found;
    let error: string | undefined;
    if (q !== '') {
      try {
        found = await findAnything(store, q, { limit: 100 });
      } catch (e) {
        error = message(e);
      }
    }
    return render(c, frame(c, 'Search', '/search', q === '' ? { livePath: undefined } : {}), { before, live: searchResults(found, error) });
  });

  app.get('/failures', async (c) => {
    const showAcknowledged = c.req.query('acknowledged') === 'shown';
    const listed = await listManifests(store, { outcome: ['failed', 'rejected', 'accepted-with-rejections'], cursor: c.req.query('cursor') || undefined, limit: 50, now });
    const acks = await store.acknowledgementsOf(listed.manifests.map((m) => m.id));
    const shown = showAcknowledged ? listed.manifests : listed.manifests.filter((m) => !acks.has(m.id));
    const identity = c.get('identity');
    const csrfToken = identity === undefined ? undefined : auth.csrfToken(identity);
    return render(c, frame(c, 'Failures', '/failures'), {
      before: html`<p class="muted">Files that failed or whose rows Customs rejected (or local validation found invalid), newest first.
        ${showAcknowledged ? html`<a href="/failures">Hide acknowledged</a>` : html`Acknowledged ones are hidden: <a href="/failures?acknowledged=shown">show them</a>.`}</p>`,
      live: html`${manifestTable(shown, 'failures', (m) => {
        const ack = acks.get(m.id);
        if (ack !== undefined) return html`<span class="muted">acknowledged by ${ack.operator}, ${when(ack.at)}</span>`;
        if (csrfToken === undefined) return html``;
        return html`<form method="post" action="/manifests/${m.id}/acknowledge" class="inline"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit" class="secondary">Acknowledge</button></form>`;
      })}
      ${listed.nextCursor === null ? '' : html`<div class="pager"><a href="/failures?${new URLSearchParams({ cursor: listed.nextCursor, ...(showAcknowledged ? { acknowledged: 'shown' } : {}) }).toString()}">Older →</a></div>`}`,
    });
  });

  // --- log in / out ---------------------------------------------------------------------------
  const safeNext = (next: string | undefined): string => (next !== undefined && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/');
  app.get('/login', (c) => {
    if (!auth.actionsEnabled) {
      return render(c, frame(c, 'Log in', '', { livePath: undefined }), {
        live: html`<p class="notice error">No operator credentials are configured (<code>service.console.operators</code>): this console is read-only.</p>`,
      }, 403);
    }
    return render(c, frame(c, 'Log in', '', { livePath: undefined }), { live: loginForm(undefined, safeNext(c.req.query('next'))) });
  });
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const name = typeof form.name === 'string' ? form.name : '';
    const secret = typeof form.secret === 'string' ? form.secret : '';
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    const operator = auth.actionsEnabled ? auth.check(name, secret) : undefined;
    if (operator === undefined) {
      log.warn({ operator: name.slice(0, 100), from: c.req.header('x-forwarded-for') ?? 'direct' }, 'console login refused');
      return render(c, frame(c, 'Log in', '', { livePath: undefined }), { live: loginForm('Unknown operator or wrong token/password.', next) }, 401);
    }
    const session = auth.login(operator);
    setCookie(c, sessionCookie, session.id, { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: session.maxAgeSeconds });
    log.info({ operator }, 'console login');
    return c.redirect(next, 303);
  });
  app.post('/logout', async (c) => {
    const identity = c.get('identity');
    const form = await c.req.parseBody();
    if (identity !== undefined && auth.checkCsrf(identity, typeof form._csrf === 'string' ? form._csrf : undefined)) {
      auth.logout(getCookie(c, sessionCookie));
      deleteCookie(c, sessionCookie, { path: '/' });
    }
    return c.redirect('/', 303);
  });

  // --- actions --------------------------------------------------------------------------------
  /**
   * Runs an action for an operator: refused without operator credentials (401; 403 when none are
   * configured) or without the CSRF token (403); otherwise done, refused or failed — each recorded
   * in the store and the log with who and when, then back to the manifest with the outcome shown.
   */
  const act = (kind: OperatorActionKind, run: (manifestId: string, operator: string, form: Record<string, unknown>) => Promise<string>) =>
    async (c: C) => {
      const manifestId = c.req.param('id') ?? '';
      const identity = c.get('identity');
      if (!auth.actionsEnabled || identity === undefined) {
        log.warn({ action: kind, manifestId }, 'console action refused: no operator credentials');
        return render(c, frame(c, 'Not allowed', '', { livePath: undefined }), {
          live: html`<p class="notice error" role="alert">${
            auth.actionsEnabled
              ? html`Actions need an operator's credentials. <a href="/login?next=${encodeURIComponent(`/manifests/${manifestId}`)}">Log in</a>.`
              : 'No operator credentials are configured (service.console.operators): this console is read-only.'
          }</p>`,
        }, auth.actionsEnabled ? 401 : 403);
      }
      const form = (await c.req.parseBody()) as Record<string, unknown>;
      const token = c.req.header('x-csrf-token') ?? (typeof form._csrf === 'string' ? form._csrf : undefined);
      if (!auth.checkCsrf(identity, token)) {
        log.warn({ action: kind, manifestId, operator: identity.name }, 'console action refused: missing or wrong CSRF token');
        return render(c, frame(c, 'Not allowed', '', { livePath: undefined }), {
          live: html`<p class="notice error" role="alert">This request did not come from a console page (CSRF token missing or wrong). Reload the page and try again.</p>`,
        }, 403);
      }
      const manifest = await store.getManifest(manifestId);
      let record: OperatorActionRecord;
      const target = manifest === undefined ? manifestId : `${manifest.channel}: ${manifest.originalName}`;
      try {
        if (manifest === undefined) throw new TypeError(`no manifest ${manifestId}`);
        const detail = await run(manifestId, identity.name, form);
        record = await store.recordOperatorAction({ operator: identity.name, action: kind, manifestId, target, outcome: 'done', detail });
      } catch (error) {
        const outcome = categoryOf(error);
        record = await store.recordOperatorAction({
          operator: identity.name,
          action: kind,
          manifestId: manifest === undefined ? undefined : manifestId,
          target,
          outcome,
          detail: message(error),
        });
      }
      const level = record.outcome === 'failed' ? 'error' : record.outcome === 'refused' ? 'warn' : 'info';
      log[level]({ operator: record.operator, action: kind, manifestId, outcome: record.outcome, detail: record.detail }, `console action ${kind}: ${record.outcome}`);
      return c.redirect(manifest === undefined ? `/actions` : `/manifests/${manifestId}?action=${record.id}`, 303);
    };

  const context = (operator: string) => {
    if (options.config === undefined) throw new TypeError('this service was started without a config file; replay and resubmit need one (use tollkit run)');
    return { config: options.config, store, actor: operator };
  };
  app.post(
    '/manifests/:id/resubmit',
    act('resubmit', async (id, operator, form) => {
      const r = await resubmitManifest(context(operator), id, { all: form.mode === 'all' });
      return `${r.toResend} row(s) to send again (${r.mode === 'all' ? 'all rows' : 'rejected and invalid rows'}); ${r.from} moved back into the inbox of ${r.channel}`;
    }),
  );
  app.post(
    '/manifests/:id/replay',
    act('replay', async (id, operator) => {
      const r = await replayFile(context(operator), id);
      return `${r.from} moved back into the inbox of ${r.channel} as ${r.name}${r.resubmission ? ' (as a resubmission: rejected and invalid rows are sent again)' : ''}`;
    }),
  );
  app.post(
    '/manifests/:id/acknowledge',
    act('acknowledge', async (id) => {
      const m = await store.getManifest(id);
      if (m === undefined || (m.state !== 'failed' && m.outcome !== 'rejected' && m.outcome !== 'accepted-with-rejections')) {
        throw new TypeError('only a failed manifest or one with rejected rows can be acknowledged');
      }
      const earlier = (await store.acknowledgementsOf([id])).get(id);
      if (earlier !== undefined) throw new TypeError(`already acknowledged by ${earlier.operator} at ${when(earlier.at)}`);
      return 'failure acknowledged';
    }),
  );

  return app;
}
