import { html } from 'hono/html';
import type { ManifestDetail, ManifestRow } from '../../../commands/describe-manifest.js';
import type { FindResult, FoundRow } from '../../../commands/find.js';
import type { ManifestSummary } from '../../../commands/lib/manifest-summary.js';
import { outcomeText } from '../../../commands/lib/manifest-summary.js';
import type { OperatorActionRecord } from '../../../store/job-store.js';
import { manifestStates } from '../../../store/states.js';
import { manifestOutcomes } from '../../../store/job-store.js';
import { badge, when, type Html } from '../layout.js';

/** The filters of the manifests page, as given in its query string. */
export interface ManifestFilters {
  readonly channel: string;
  readonly state: string;
  readonly outcome: string;
  readonly since: string;
}

const option = (value: string, selected: string, label = value): Html =>
  html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;

/** The filter form (outside the live region, so what is typed survives refreshes). */
export function manifestFilterForm(f: ManifestFilters, channels: readonly string[]): Html {
  return html`<form class="filters" method="get" action="/manifests" data-testid="manifest-filters">
  <label>Channel<select name="channel">${option('', f.channel, 'all')}${channels.map((c) => option(c, f.channel))}</select></label>
  <label>State<select name="state">${option('', f.state, 'any')}${manifestStates.map((s) => option(s, f.state))}</select></label>
  <label>Outcome<select name="outcome">${option('', f.outcome, 'any')}${[...manifestOutcomes, 'pending'].map((o) => option(o, f.outcome))}</select></label>
  <label>Received since<input name="since" value="${f.since}" placeholder="24h, 7d or 2030-01-15" size="12"></label>
  <button type="submit">Filter</button> <a href="/manifests">Clear</a>
</form>`;
}

/** A table of manifests: received, channel, file, state, outcome, row counts. */
export function manifestTable(manifests: readonly ManifestSummary[], testId = 'manifests', extra?: (m: ManifestSummary) => Html): Html {
  return html`<table data-testid="${testId}"><thead><tr><th>Received</th><th>Channel</th><th>File</th><th>State</th><th>Outcome</th>
<th class="num">Rows</th><th class="num">Accepted</th><th class="num">Rejected</th><th class="num">Invalid</th><th class="num">Pending</th>${extra === undefined ? '' : html`<th></th>`}</tr></thead><tbody>
${manifests.length === 0 ? html`<tr><td colspan="10" class="muted">no manifests match</td></tr>` : ''}
${manifests.map(
  (m) => html`<tr data-manifest="${m.id}"><td>${when(m.receivedAt)}</td><td>${m.channel}</td><td><a href="/manifests/${m.id}">${m.originalName}</a></td>
  <td>${badge(m.state)}</td><td>${badge(m.outcome ?? 'pending', outcomeText(m.outcome, m.counts))}</td>
  <td class="num">${m.counts.total}</td><td class="num">${m.counts.accepted}</td><td class="num">${m.counts.rejected}</td><td class="num">${m.counts.invalid}</td><td class="num">${m.counts.pending}</td>
  ${extra === undefined ? '' : html`<td>${extra(m)}</td>`}</tr>`,
)}
</tbody></table>`;
}

function errorsOf(row: ManifestRow): Html {
  if (row.errors.length === 0 && row.incompleteReasons.length === 0 && (row.lastError === null || row.state === 'accepted' || row.state === 'routed')) return html``;
  return html`<ul class="errors">${row.errors.map((e) => html`<li>${e.field === '' ? '' : html`<code>${e.field}</code>: `}${e.message}</li>`)}
  ${row.incompleteReasons.map((r) => html`<li class="muted">incomplete documentation: <code>${r}</code></li>`)}
  ${row.lastError !== null && row.errors.length === 0 && row.state !== 'accepted' && row.state !== 'routed' ? html`<li class="muted">${row.lastError}</li>` : ''}</ul>`;
}

/** Rows with their keys, level, state, requestId, MRN, Customs' errors (field paths), incomplete reasons and routing. */
export function rowTable(rows: readonly (ManifestRow | FoundRow)[], withFile = false): Html {
  return html`<table data-testid="rows"><thead><tr><th>#</th>${withFile ? html`<th>File</th>` : ''}<th>Level</th><th>Document (key)</th><th>Op</th><th>State</th><th>requestId</th><th>MRN</th><th>Errors and reasons</th><th>Routing</th></tr></thead><tbody>
${rows.length === 0 ? html`<tr><td colspan="10" class="muted">no rows</td></tr>` : ''}
${rows.map((r) => {
  const routing = r.routing.at(-1);
  return html`<tr data-row="${r.documentNumber}" data-state="${r.state}"><td class="num">${r.position}</td>
  ${withFile && 'manifestId' in r ? html`<td><a href="/manifests/${r.manifestId}">${r.channel}: ${r.file}</a></td>` : ''}
  <td>${r.level}<br><span class="muted">${r.mode}</span></td>
  <td><strong>${r.documentNumber}</strong><br><span class="muted mono" title="${r.key}">${r.type}${r.carrier === null ? '' : ` · ${r.carrier}`}</span></td>
  <td>${r.operation}</td><td>${badge(r.state)}</td>
  <td class="mono">${r.requestId === null ? '—' : html`<a href="/search?q=${r.requestId}">${r.requestId}</a>`}</td>
  <td class="mono">${r.mrn ?? '—'}</td>
  <td>${errorsOf(r)}</td>
  <td>${routing === undefined ? '—' : html`${badge(routing.decision)}${routing.routingControlLocation === null ? '' : html` <span class="muted">${routing.routingControlLocation}</span>`}`}</td></tr>`;
})}
</tbody></table>`;
}

/** What the detail page may offer the viewer. */
export interface DetailAccess {
  /** `operator`: actions shown; `login`: a link to log in; `read-only`: no operators configured. */
  readonly mode: 'operator' | 'login' | 'read-only';
  readonly csrfToken: string | undefined;
  readonly acknowledged: OperatorActionRecord | undefined;
  /** Whether an original / result file can be downloaded, or why not. */
  readonly original: string | true;
  readonly result: boolean;
  /** The newest later version of the same file, when there is one (actions belong to that one). */
  readonly newer: { readonly id: string; readonly receivedAt: number } | undefined;
}

function actionForm(id: string, path: string, label: string, csrf: string, fields: Html = html``, secondary = false): Html {
  return html`<form method="post" action="/manifests/${id}/${path}" class="inline"><input type="hidden" name="_csrf" value="${csrf}">${fields}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;
}

/** The manifest head (state, outcome, counts, failure), downloads and actions. */
export function manifestHead(detail: ManifestDetail, access: DetailAccess): Html {
  const m = detail.manifest;
  const c = m.counts;
  const finished = (m.state === 'archived' || m.state === 'failed') && access.newer === undefined;
  const troubled = m.state === 'failed' || m.outcome === 'rejected' || m.outcome === 'accepted-with-rejections';
  return html`<div class="grid">
<section class="card" data-testid="manifest-head"><dl class="kv">
  <dt>File</dt><dd><strong>${m.originalName}</strong> on ${m.channel}</dd>
  <dt>Outcome</dt><dd data-testid="outcome">${badge(m.outcome ?? 'pending', outcomeText(m.outcome, c))}</dd>
  <dt>State</dt><dd>${badge(m.state)}</dd>
  <dt>Rows</dt><dd>${c.total} · sent ${c.sent} · accepted ${c.accepted} · rejected ${c.rejected} · invalid ${c.invalid} · pending ${c.pending}</dd>
  ${m.failure === null ? '' : html`<dt>Failure</dt><dd><code>${m.failure.code}</code> ${m.failure.message}</dd>`}
  <dt>Received</dt><dd>${when(m.receivedAt)}</dd><dt>Updated</dt><dd>${when(m.updatedAt)}</dd>
  <dt>Manifest id</dt><dd class="mono">${m.id}</dd><dt>Stored as</dt><dd class="mono">${m.processingName}</dd>
  <dt>Size</dt><dd>${m.size.toLocaleString('en-US')} bytes <span class="muted mono">${m.contentHash.slice(0, 20)}…</span></dd>
  ${m.previousManifestId === null ? '' : html`<dt>Earlier version</dt><dd><a href="/manifests/${m.previousManifestId}">${m.previousManifestId}</a>${m.resubmit === null ? '' : html` (resubmitted: ${m.resubmit})`}</dd>`}
  ${access.newer === undefined ? '' : html`<dt>Newer version</dt><dd data-testid="newer"><a href="/manifests/${access.newer.id}">received ${when(access.newer.receivedAt)}</a></dd>`}
  ${access.acknowledged === undefined ? '' : html`<dt>Acknowledged</dt><dd data-testid="acknowledged">by ${access.acknowledged.operator} at ${when(access.acknowledged.at)}</dd>`}
</dl></section>
<section class="card"><h2>Files</h2>
  <p>${access.original === true ? html`<a href="/manifests/${m.id}/original" download>Download the original file</a>` : html`<span class="muted">Original: ${access.original}</span>`}</p>
  <p>${access.result ? html`<a href="/manifests/${m.id}/result" download>Download the result file</a>` : html`<span class="muted">No result file yet</span>`}</p>
</section>
<section class="card" data-testid="actions"><h2>Actions</h2>
  ${
    access.mode === 'read-only'
      ? html`<p class="muted">Read-only: no operator credentials are configured.</p>`
      : access.mode === 'login' || access.csrfToken === undefined
        ? html`<p class="muted"><a href="/login?next=/manifests/${m.id}">Log in</a> as an operator to replay, resubmit or acknowledge.</p>`
        : html`<div class="actions-bar">
          ${finished && (c.rejected + c.invalid > 0 || m.state === 'failed') ? actionForm(m.id, 'resubmit', 'Resubmit rejected and invalid rows', access.csrfToken, html`<input type="hidden" name="mode" value="rejected">`) : ''}
          ${finished && m.state !== 'failed' ? actionForm(m.id, 'resubmit', 'Resubmit all rows', access.csrfToken, html`<input type="hidden" name="mode" value="all">`, true) : ''}
          ${finished ? actionForm(m.id, 'replay', 'Replay the file', access.csrfToken, html``, true) : ''}
          ${troubled && access.acknowledged === undefined ? actionForm(m.id, 'acknowledge', 'Acknowledge the failure', access.csrfToken, html``, true) : ''}
          ${
            access.newer !== undefined
              ? html`<span class="muted">A newer version of this file exists; replay and resubmit act on <a href="/manifests/${access.newer.id}">that one</a>.</span>`
              : finished
                ? ''
                : html`<span class="muted">Actions are offered once the manifest is archived or failed.</span>`
          }
        </div>`
  }
</section></div>`;
}

/** The row filter links of the detail page. */
export function rowFilter(id: string, current: string): Html {
  const link = (value: string, label: string): Html =>
    value === current ? html`<strong>${label}</strong>` : html`<a href="/manifests/${id}${value === '' ? '' : `?rows=${value}`}">${label}</a>`;
  return html`<p class="pager">Rows: ${link('', 'all')} ${link('problems', 'rejected and invalid')} ${link('pending', 'pending')}</p>`;
}

/** The search page's results. */
export function searchResults(found: FindResult | undefined, error: string | undefined): Html {
  if (error !== undefined) return html`<p class="notice error" role="alert">${error}</p>`;
  if (found === undefined) return html`<p class="muted">Search by waybill (house or master document number), MRN, transport id, requestId, file name or manifest id.</p>`;
  if (found.verdict === 'unknown') {
    return html`<p class="notice error" data-testid="verdict">Unknown: nothing the adapter has seen matches <code>${found.query}</code>.</p>`;
  }
  return html`<p data-testid="verdict">${badge(found.verdict === 'pending' ? 'pending' : 'ok', found.verdict)} <code>${found.query}</code> matched as ${found.kinds.join(', ')}.</p>
${found.manifests.length === 0 ? '' : html`<h2>Manifests</h2>${manifestTable(found.manifests)}`}
${found.rows.length === 0 ? '' : html`<h2>Rows</h2>${rowTable(found.rows, true)}`}
${found.truncated ? html`<p class="muted">More rows match; open the manifest to page through them.</p>` : ''}`;
}
