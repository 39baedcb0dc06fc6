import { html } from 'hono/html';
import type { OperatorActionRecord } from '../../../store/job-store.js';
import { badge, when, type Html } from '../layout.js';

/** A table of operator actions: who did what, when, and how it went. */
export function actionsTable(actions: readonly OperatorActionRecord[]): Html {
  return html`<table data-testid="operator-actions"><thead><tr><th>When</th><th>Operator</th><th>Action</th><th>On</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>
${actions.length === 0 ? html`<tr><td colspan="6" class="muted">no operator actions yet</td></tr>` : ''}
${actions.map(
  (a) => html`<tr><td>${when(a.at)}</td><td>${a.operator}</td><td>${a.action}</td>
  <td>${a.manifestId === null ? a.target : html`<a href="/manifests/${a.manifestId}">${a.target}</a>`}</td>
  <td>${badge(a.outcome)}</td><td>${a.detail ?? ''}</td></tr>`,
)}
</tbody></table>`;
}

/** The login form (operators configured in `service.console.operators`). */
export function loginForm(error: string | undefined, next: string): Html {
  return html`<form method="post" action="/login" class="card" style="max-width:420px">
  ${error === undefined ? '' : html`<p class="notice error" role="alert">${error}</p>`}
  <p class="muted">Actions (replay, resubmit, acknowledge) need an operator's credentials. Reading needs none.</p>
  <p><label>Operator name<br><input name="name" autocomplete="username" required></label></p>
  <p><label>Token or password<br><input name="secret" type="password" autocomplete="current-password" required></label></p>
  <input type="hidden" name="next" value="${next}">
  <button type="submit">Log in</button>
</form>`;
}
