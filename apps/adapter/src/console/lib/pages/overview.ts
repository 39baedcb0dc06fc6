import { html } from 'hono/html';
import type { ServiceStatusView } from '../../../service/lib/service-status.js';
import type { QueueDepths } from '../../../store/job-store.js';
import { ago, badge, when, type Html } from '../layout.js';

/** What the overview shows. */
export interface OverviewData {
  readonly now: number;
  readonly status: ServiceStatusView;
  readonly depths: QueueDepths;
  /** Manifests per outcome (`pending` = still in progress). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** When the counts (depths, outcomes) were read. */
  readonly countedAt: number;
  readonly routingMarker: string | undefined;
  readonly routingFeed: string;
  /** The transport-level feed's marker, when it is followed. */
  readonly transportMarker?: string | undefined;
  /** Newest failed manifests, for "last errors". */
  readonly recentFailures: readonly { readonly id: string; readonly channel: string; readonly originalName: string; readonly at: number; readonly code: string; readonly message: string }[];
}

const num = (n: number): string => n.toLocaleString('en-US');

function customsHealth(status: ServiceStatusView, now: number): Html {
  const { lastAnswerAt, lastFailure } = status.customs;
  if (lastAnswerAt === undefined && lastFailure === undefined) return html`${badge('pending', 'no call yet')}`;
  if (lastFailure !== undefined && (lastAnswerAt === undefined || lastFailure.at > lastAnswerAt)) {
    return html`${badge('error', 'unreachable')} <span class="muted">${lastFailure.code} ${ago(lastFailure.at, now)}: ${lastFailure.message}</span>`;
  }
  return html`${badge('ok', 'reachable')} <span class="muted">last answer ${ago(lastAnswerAt, now)}</span>`;
}

/** The transport-level feed's lines of the routing card (`digitoll.transportRouting`), or nothing when it is not followed. */
function transportFeed(d: OverviewData): Html | string {
  const t = d.status.transportFeed;
  if (t.state === 'off') return '';
  const state =
    t.state === 'not-entitled'
      ? html`${badge('error', 'not entitled (403)')} <span class="muted">since ${ago(t.refused?.since, d.now)}; asked again ${when(t.refused?.retryAt ?? d.now)}: ${t.refused?.message ?? ''}</span>`
      : t.state === 'ok'
        ? html`${badge('ok', 'read')} <span class="muted">${ago(t.lastReadAt, d.now)}</span>`
        : html`${badge('pending', 'not read yet')}`;
  return html`
    <dt>Transport feed</dt><dd data-testid="transport-feed">${state}</dd>
    <dt>Transport marker</dt><dd class="mono">${d.transportMarker ?? 'not read yet'}</dd>`;
}

/** The overview's live region: channels, Customs, routing, files by state and outcome, throughput, last errors. */
export function overviewBody(d: OverviewData): Html {
  const s = d.status;
  const manifestStates = Object.entries(d.depths.manifests).filter(([, n]) => n > 0);
  const notificationStates = Object.entries(d.depths.notifications).filter(([, n]) => n > 0);
  const errors = Object.entries(s.lastErrors);
  return html`
<div class="grid">
  <section class="card" data-testid="customs"><h2>Customs (Digitoll)</h2>${customsHealth(s, d.now)}</section>
  <section class="card" data-testid="routing-feed"><h2>Routing feed</h2>
    <dl class="kv"><dt>Feed</dt><dd>${d.routingFeed}</dd>
    <dt>Marker</dt><dd class="mono">${d.routingMarker ?? 'not read yet'}</dd>
    <dt>Last read</dt><dd>${ago(s.routing.lastReadAt, d.now)}</dd>
    <dt>Lag</dt><dd>${s.routing.lagMs === undefined ? '—' : `${(s.routing.lagMs / 1000).toFixed(1)} s`}</dd>${transportFeed(d)}</dl></section>
  <section class="card" data-testid="throughput"><h2>Throughput</h2>
    <dl class="kv"><dt>Last minute</dt><dd>${num(s.throughput.lastMinute)} notifications/min</dd>
    <dt>Last 5 minutes</dt><dd>${s.throughput.lastFiveMinutes.toFixed(1)} notifications/min</dd>
    <dt>Since start</dt><dd>${num(s.throughput.total)} sent (${s.throughput.sinceStart.toFixed(1)}/min)</dd>
    <dt>Outbox pending</dt><dd>${num(d.depths.outboxPending)}</dd></dl></section>
  <section class="card"><h2>Service</h2>
    <dl class="kv"><dt>Instance</dt><dd class="mono">${s.owner}</dd><dt>Started</dt><dd>${when(s.startedAt)}</dd>
    <dt>State</dt><dd>${s.stopping ? badge('warn', 'stopping') : badge('ok', 'running')}</dd></dl></section>
</div>
<h2>Channels</h2>
<table data-testid="channels"><thead><tr><th>Channel</th><th>Health</th><th>Last successful scan</th><th>Problem</th></tr></thead><tbody>
${s.channels.map(
  (c) => html`<tr><td><a href="/manifests?channel=${encodeURIComponent(c.name)}">${c.name}</a></td>
  <td>${c.lastError !== undefined ? badge('error', 'error') : c.lastScanAt === undefined ? badge('pending', 'starting') : badge('ok', 'ok')}</td>
  <td>${c.lastScanAt === undefined ? '—' : html`${when(c.lastScanAt)} <span class="muted">(${ago(c.lastScanAt, d.now)})</span>`}</td>
  <td>${c.lastError === undefined ? '' : html`${c.lastError.message} <span class="muted">${ago(c.lastError.at, d.now)}</span>`}</td></tr>`,
)}
</tbody></table>
<div class="grid" style="margin-top:12px">
  <section class="card" data-testid="outcomes"><h2>Files by outcome <span class="muted" style="font-weight:normal;font-size:12px">counted ${ago(d.countedAt, d.now)}</span></h2><table><tbody>
  ${Object.entries(d.outcomes).map(([o, n]) => html`<tr><td><a href="/manifests?outcome=${o}">${badge(o)}</a></td><td class="num">${num(n)}</td></tr>`)}
  </tbody></table></section>
  <section class="card" data-testid="states"><h2>Files by state</h2><table><tbody>
  ${manifestStates.length === 0 ? html`<tr><td class="muted">no files yet</td></tr>` : manifestStates.map(([st, n]) => html`<tr><td><a href="/manifests?state=${st}">${badge(st)}</a></td><td class="num">${num(n)}</td></tr>`)}
  </tbody></table></section>
  <section class="card"><h2>Notifications by state</h2><table><tbody>
  ${notificationStates.length === 0 ? html`<tr><td class="muted">none yet</td></tr>` : notificationStates.map(([st, n]) => html`<tr><td>${badge(st)}</td><td class="num">${num(n)}</td></tr>`)}
  </tbody></table></section>
</div>
<h2>Last errors</h2>
<table data-testid="last-errors"><thead><tr><th>Where</th><th>When</th><th>Error</th></tr></thead><tbody>
${errors.map(([where, message]) => html`<tr><td>${where}</td><td>still failing</td><td>${message}</td></tr>`)}
${d.recentFailures.map(
  (f) => html`<tr><td><a href="/manifests/${f.id}">${f.channel}: ${f.originalName}</a></td><td>${when(f.at)}</td><td><code>${f.code}</code> ${f.message}</td></tr>`,
)}
${errors.length === 0 && d.recentFailures.length === 0 ? html`<tr><td colspan="3" class="muted">none</td></tr>` : ''}
</tbody></table>`;
}
