import { html } from 'hono/html';
import type { ConvertedNotification } from '../../../commands/convert.js';
import type { TryProfileResult } from '../../../commands/try-profile.js';
import { badge, type Html } from '../layout.js';

/** What the workbench form holds. */
export interface WorkbenchForm {
  readonly sample: { readonly id: string; readonly fileName: string; readonly origin: string; readonly size: number; readonly preview: string } | undefined;
  readonly profileText: string;
  readonly params: string;
  readonly rebase: string;
  readonly examples: readonly string[];
  readonly channelFiles: readonly { readonly id: string; readonly label: string }[];
  readonly maxBytes: number;
  readonly notes: readonly string[];
}

const PREVIEW_LINES = 300;
/** Rows shown per table (the checks cover every row; the summary counts them all). */
const SHOWN_ROWS = 200;

const more = (total: number): Html => (total > SHOWN_ROWS ? html`<p class="muted">… and ${String(total - SHOWN_ROWS)} more (the first ${String(SHOWN_ROWS)} are shown).</p>` : html``);

/** The sample's first lines, numbered (the problems name these line numbers). */
function samplePreview(text: string): Html {
  const lines = text.split(/\r\n|\n|\r/u);
  const shown = lines.slice(0, PREVIEW_LINES);
  return html`<pre class="sample" data-testid="sample-preview">${shown.map((l, i) => html`<span class="ln" id="sample-line-${String(i + 1)}">${String(i + 1).padStart(4, ' ')}</span> ${l}\n`)}${
    lines.length > PREVIEW_LINES ? html`<span class="muted">… ${String(lines.length - PREVIEW_LINES)} more lines (the checks read them all)</span>` : ''
  }</pre>`;
}

/**
 * The workbench page's form: where the sample comes from (upload, a bundled example, a file a
 * channel received), the sample beside the profile editor, params and date rebase; the results region
 * is re-filled by htmx as the profile is typed (debounced).
 */
export function workbenchForm(f: WorkbenchForm, results: Html): Html {
  const evaluate = html`hx-post="/workbench/evaluate" hx-target="#wb-results" hx-include="[data-wb]" hx-sync="#wb-form:replace"`;
  return html`<form id="wb-form" method="post" action="/workbench/sample" enctype="multipart/form-data" class="workbench">
  <div class="wb-open">
    <label>Upload a sample (CSV or XML, at most ${String(Math.round(f.maxBytes / 1024))} KiB) <input type="file" name="file" data-testid="upload"></label>
    <button type="submit" class="secondary" formaction="/workbench/sample">Open upload</button>
    <span class="muted">or</span>
    <label>Bundled example <select name="example" data-testid="example">
      <option value="">—</option>${f.examples.map((e) => html`<option value="${e}">${e}</option>`)}</select></label>
    <button type="submit" class="secondary" formaction="/workbench/example" formenctype="application/x-www-form-urlencoded">Open example</button>
    ${f.channelFiles.length === 0 ? '' : html`<label>A file a channel received <select name="manifest" data-testid="channel-file"><option value="">—</option>${f.channelFiles.map((m) => html`<option value="${m.id}">${m.label}</option>`)}</select></label>
    <button type="submit" class="secondary" formaction="/workbench/channel-file" formenctype="application/x-www-form-urlencoded">Open file</button>`}
  </div>
  ${f.notes.map((n) => html`<p class="notice ok" role="status">${n}</p>`)}
  <input type="hidden" name="sample" value="${f.sample?.id ?? ''}" data-wb>
  <div class="wb-panes">
    <section>
      <h2>Sample ${f.sample === undefined ? '' : html`<span class="muted" data-testid="sample-name">${f.sample.fileName} (${f.sample.origin}, ${String(f.sample.size)} bytes)</span>`}</h2>
      ${f.sample === undefined ? html`<p class="muted">Open a sample: upload one, or pick a bundled example or a file a channel received.</p>` : samplePreview(f.sample.preview)}
    </section>
    <section>
      <h2>Profile <span class="muted">(YAML or JSON)</span></h2>
      <textarea name="profile" spellcheck="false" wrap="off" data-testid="profile" data-wb ${evaluate} hx-trigger="input changed delay:350ms">${f.profileText}</textarea>
      <div class="wb-tools">
        <label>Params <input name="params" value="${f.params}" placeholder="carrierId=NO123456789; office=NO371001" data-wb ${evaluate} hx-trigger="input changed delay:350ms"></label>
        <label>Move dates from <input name="rebase" value="${f.rebase}" placeholder="yyyy-MM-dd" size="10" data-wb ${evaluate} hx-trigger="input changed delay:350ms"> to tomorrow</label>
        <button type="submit" formaction="/workbench/download" formenctype="application/x-www-form-urlencoded" data-testid="download">Download profile</button>
        <button type="submit" class="secondary" formaction="/workbench/init" formenctype="application/x-www-form-urlencoded" ${f.sample === undefined ? 'disabled' : ''} title="tollkit profile init on the sample: replaces the text above">Draft from sample (profile init)</button>
      </div>
    </section>
  </div>
</form>
<div id="wb-results" data-testid="results" aria-live="polite">${results}</div>
<script src="/assets/workbench.js"></script>`;
}

const LEVELS: readonly [string, string][] = [
  ['transport', 'Transport'],
  ['master-consignment', 'Master consignments'],
  ['house-consignment', 'House consignments'],
];

const lineCell = (line: number | null): Html => (line === null ? html`<td class="num">—</td>` : html`<td class="num"><a href="#sample-line-${String(line)}">${String(line)}</a></td>`);
const profileCell = (line: number | null): Html => (line === null ? html`<td class="num">—</td>` : html`<td class="num"><button type="button" class="link-dark" data-profile-line="${String(line)}" title="Select this line in the profile">${String(line)}</button></td>`);

function messagesTable(level: string, items: readonly ConvertedNotification[]): Html {
  const houses = level === 'house-consignment';
  return html`<table data-testid="messages-${level}"><thead><tr><th>Document</th><th class="num">Line</th><th>Status</th>${houses ? html`<th>Procedure variant</th>` : ''}<th>Problems</th><th>Message</th></tr></thead><tbody>
  ${items.slice(0, SHOWN_ROWS).map((n) => html`<tr data-status="${n.status}"><td class="mono">${n.documentNumber}</td>${lineCell(n.line)}<td>${badge(n.status === 'invalid' ? 'invalid' : 'accepted', n.status)}</td>${
    houses
      ? html`<td data-testid="variant">${n.procedure === undefined ? '—' : html`${n.procedure.variant === null ? 'none' : html`<strong>${String(n.procedure.variant)}</strong>`}${n.procedure.description === null ? '' : html` <span class="muted">${n.procedure.description}</span>`}${
          n.procedure.incompleteReasons.length === 0 ? '' : html`<br><span class="badge b-warn">INCOMPLETE: ${n.procedure.incompleteReasons.join(', ')}</span>`
        }`}</td>`
      : ''
  }<td class="num">${String(n.errors.length)}</td><td><details><summary>${n.type}</summary><pre class="body">${JSON.stringify(n.body, null, 2)}</pre></details></td></tr>`)}
  </tbody></table>${more(items.length)}`;
}

/** The results region: every problem once (sample line, level, document, field, profile line), the warnings, and the mapped messages per level. */
export function workbenchResults(tried: TryProfileResult | { readonly error: string } | undefined, tookMs: number | undefined): Html {
  if (tried === undefined) return html`<p class="muted">Results appear here as you type.</p>`;
  if ('error' in tried) return html`<p class="notice error" role="alert" data-testid="wb-error">${tried.error}</p>`;
  const took = tookMs === undefined ? '' : html` <span class="muted" data-testid="took">(checked in ${String(Math.round(tookMs))} ms; nothing was sent)</span>`;
  if (!tried.ok) {
    return html`<h2>The profile cannot be used${took}</h2>
    <table data-testid="profile-problems"><thead><tr><th>Profile path</th><th class="num">Profile line</th><th>Problem</th></tr></thead><tbody>
    ${tried.profileProblems.map((p) => html`<tr><td class="mono">${p.path === '' ? '(profile)' : p.path}</td>${profileCell(p.profileLine)}<td class="pre">${p.message}</td></tr>`)}
    </tbody></table>`;
  }
  const r = tried.result;
  return html`<p data-testid="summary"><strong>${String(r.summary.notifications)} messages</strong> (${r.mode}): ${String(r.summary.wouldSend)} would be sent, ${String(r.summary.invalid)} invalid, ${String(r.summary.fileProblems)} file problems${took}</p>
  ${r.fatal === undefined ? '' : html`<p class="notice error" role="alert">The file cannot be read: ${r.fatal}</p>`}
  <h2>Problems (${String(tried.problems.length)})</h2>
  ${
    tried.problems.length === 0
      ? html`<p class="muted" data-testid="problems">None: every message would be sent.</p>`
      : html`<table data-testid="problems"><thead><tr><th class="num">Sample line</th><th>Level</th><th>Document</th><th>Field</th><th class="num">Profile line</th><th>Problem</th></tr></thead><tbody>
    ${tried.problems.slice(0, SHOWN_ROWS).map((p) => html`<tr>${lineCell(p.line)}<td>${p.level ?? 'file'}</td><td class="mono">${p.documentNumber ?? ''}</td><td class="mono" data-testid="field">${p.field}</td>${profileCell(p.profileLine)}<td>${p.message}</td></tr>`)}
    </tbody></table>${more(tried.problems.length)}`
  }
  ${
    tried.warnings.length === 0
      ? ''
      : html`<h2>Warnings (${String(tried.warnings.length)})</h2><table data-testid="warnings"><thead><tr><th class="num">Sample line</th><th>Field</th><th class="num">Profile line</th><th>Warning</th></tr></thead><tbody>
    ${tried.warnings.slice(0, SHOWN_ROWS).map((w) => html`<tr>${lineCell(w.line)}<td class="mono">${w.field}</td>${profileCell(w.profileLine)}<td>${w.message}</td></tr>`)}</tbody></table>`
  }
  ${LEVELS.map(([level, title]) => {
    const items = r.notifications.filter((n) => n.level === level);
    return items.length === 0 ? '' : html`<h2>${title} (${String(items.length)})</h2>${messagesTable(level, items)}`;
  })}`;
}

/**
 * The workbench's only script (served from the console, `script-src 'self'`): a profile line number
 * in the results selects that line in the editor. Everything else is htmx.
 */
export const workbenchJs = `document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-profile-line]') : null;
  const editor = document.querySelector('textarea[name=profile]');
  if (target === null || editor === null) return;
  const line = Number(target.getAttribute('data-profile-line'));
  const lines = editor.value.split('\\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(start, start + (lines[line - 1] ?? '').length);
  const height = editor.scrollHeight / Math.max(1, lines.length);
  editor.scrollTop = Math.max(0, (line - 5) * height);
});
`;
