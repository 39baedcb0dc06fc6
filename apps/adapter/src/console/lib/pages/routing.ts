import { html } from 'hono/html';
import type { RecordedRoutingResult } from '../../../store/job-store.js';
import { badge, when, type Html } from '../layout.js';

/** The routing signals page's live region: newest first, with the manifest each MRN belongs to. */
export function routingBody(results: readonly RecordedRoutingResult[], next: string | undefined): Html {
  return html`<table data-testid="routing"><thead><tr><th>Received</th><th>MRN</th><th>Decision</th><th>Control location</th><th>Issued by Customs</th><th>Channel</th><th>Manifest</th></tr></thead><tbody>
${results.length === 0 ? html`<tr><td colspan="7" class="muted">no routing signals yet</td></tr>` : ''}
${results.map((r) => {
  const location = (r.payload as { routingResult?: { routingControlLocation?: string } } | null)?.routingResult?.routingControlLocation;
  return html`<tr><td>${when(r.receivedAt)}</td><td><a class="mono" href="/search?q=${encodeURIComponent(r.mrn)}">${r.mrn}</a></td>
  <td>${badge(r.decision)}</td><td>${location ?? '—'}</td><td>${when(r.issuedAt)}</td><td>${r.channel ?? '—'}</td>
  <td>${r.manifestId === null ? 'not from a stored manifest' : html`<a href="/manifests/${r.manifestId}">open</a>`}</td></tr>`;
})}
</tbody></table>
${next === undefined ? '' : html`<div class="pager"><a href="/routing?cursor=${next}">Older signals →</a></div>`}`;
}
