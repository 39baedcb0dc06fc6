import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** A piece of escaped HTML (what `html\`…\`` gives). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page's frame needs: who is looking, and the token their actions must carry. */
export interface PageFrame {
  readonly title: string;
  /** The nav entry to mark (`/`, `/manifests`, …). */
  readonly section: string;
  readonly operator: string | undefined;
  readonly csrfToken: string | undefined;
  /** Whether operator credentials are configured at all (else: read-only console). */
  readonly actionsEnabled: boolean;
  /** The path the live region polls (the page itself); `undefined` for pages without one. */
  readonly livePath?: string | undefined;
  readonly refreshMs: number;
  /** A notice at the top (an action's result), already escaped by the caller's template. */
  readonly notice?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
}

const nav: readonly [string, string][] = [
  ['/', 'Overview'],
  ['/manifests', 'Manifests'],
  ['/search', 'Search'],
  ['/routing', 'Routing signals'],
  ['/failures', 'Failures'],
  ['/actions', 'Operator actions'],
  ['/workbench', 'Profile workbench'],
];

/**
 * The page frame: header with navigation, who is logged in, and — when the page has one — the
 * live region, which htmx re-reads from the same URL every `refreshMs` and swaps in place (no reload;
 * forms outside it keep what is typed).
 */
export function page(frame: PageFrame, content: { readonly before?: Html; readonly live: Html; readonly after?: Html }): Html {
  const headers = frame.csrfToken === undefined ? undefined : JSON.stringify({ 'x-csrf-token': frame.csrfToken });
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Tollkit console</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/htmx.min.js"></script>
</head>
<body${headers === undefined ? '' : raw(` hx-headers='${headers.replace(/'/g, '&#39;')}'`)}>
<header>
  <div class="brand"><strong>Tollkit</strong> <span class="muted">Velkommen — operator console</span></div>
  <nav>${nav.map(([href, label]) => html`<a href="${href}"${frame.section === href ? raw(' aria-current="page"') : ''}>${label}</a>`)}</nav>
  <div class="who">${
    frame.operator !== undefined
      ? html`<span data-testid="operator">Operator: <strong>${frame.operator}</strong></span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${frame.csrfToken ?? ''}"><button type="submit" class="link">Log out</button></form>`
      : frame.actionsEnabled
        ? html`<a href="/login">Log in for actions</a>`
        : html`<span class="muted" title="No operator credentials are configured (service.console.operators)">Read-only</span>`
  }</div>
</header>
<main>
<h1>${frame.title}</h1>
${frame.notice === undefined ? '' : html`<p class="notice ${frame.notice.kind}" role="status">${frame.notice.text}</p>`}
${content.before ?? ''}
${
  frame.livePath === undefined
    ? html`<div id="live">${content.live}</div>`
    : html`<div id="live" hx-get="${frame.livePath}" hx-trigger="every ${String(frame.refreshMs)}ms" hx-select="#live" hx-swap="outerHTML">${content.live}</div>`
}
${content.after ?? ''}
</main>
</body>
</html>`;
}

/** `2030-01-15 10:15:00 UTC`, or `—`. */
export function when(ms: number | string | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const d = typeof ms === 'number' ? new Date(ms) : new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `12 s ago`, `3 min ago`, `2 h ago`. */
export function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** A coloured badge for a state or outcome. */
export function badge(value: string | null | undefined, label?: string): Html {
  const v = value ?? 'pending';
  return html`<span class="badge b-${v}">${label ?? v}</span>`;
}

/** The console's stylesheet (served at `/assets/console.css`). */
export const consoleCss = `
:root { --fg:#1d2733; --muted:#66707a; --line:#d9dee3; --bg:#f6f7f9; --accent:#0b5cad; --ok:#1a7f37; --warn:#9a6700; --bad:#c62828; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:center; gap:24px; padding:10px 20px; background:#14263b; color:#fff; flex-wrap:wrap; }
header a { color:#cfe3ff; text-decoration:none; }
header nav { display:flex; gap:14px; flex:1; }
header nav a[aria-current=page] { color:#fff; border-bottom:2px solid #fff; }
header .muted { color:#9fb3c8; margin-left:8px; }
header .who { display:flex; gap:10px; align-items:center; }
main { padding:16px 20px 40px; max-width:1400px; }
h1 { font-size:20px; margin:4px 0 14px; }
h2 { font-size:16px; margin:18px 0 8px; }
.muted { color:var(--muted); }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap:12px; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 14px; }
.card h2 { margin-top:0; }
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f4; font-weight:600; white-space:nowrap; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12.5px; }
.badge { display:inline-block; padding:1px 7px; border-radius:10px; font-size:12px; background:#e7ebef; white-space:nowrap; }
.b-accepted, .b-routed, .b-archived, .b-ok, .b-done, .b-TO_ENTRY, .b-results-written { background:#dcf3e3; color:var(--ok); }
.b-accepted-with-rejections, .b-pending, .b-submitted, .b-submitting, .b-outcome-unknown, .b-ENTRY_PENDING, .b-warn { background:#fff1cc; color:var(--warn); }
.b-rejected, .b-failed, .b-invalid, .b-error, .b-refused, .b-ENTRY_DENIED, .b-TO_CONTROL { background:#fde2e1; color:var(--bad); }
.errors { margin:2px 0 0; padding-left:16px; color:var(--bad); }
.errors code { color:#7a1d1d; }
form.filters { display:flex; gap:10px; flex-wrap:wrap; align-items:end; margin-bottom:12px; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
input, select, button { font:inherit; padding:4px 8px; border:1px solid #b8c0c8; border-radius:4px; background:#fff; }
button { background:var(--accent); color:#fff; border-color:var(--accent); cursor:pointer; }
button.link { background:none; border:none; color:#cfe3ff; padding:0; text-decoration:underline; }
button.secondary { background:#fff; color:var(--accent); }
form.inline { display:inline; }
.notice { padding:8px 12px; border-radius:4px; }
.notice.ok { background:#dcf3e3; }
.notice.error { background:#fde2e1; }
.kv { display:grid; grid-template-columns: max-content 1fr; gap:4px 14px; }
.kv dt { color:var(--muted); }
.kv dd { margin:0; }
.pager { margin:10px 0; display:flex; gap:12px; }
.actions-bar { display:flex; gap:8px; flex-wrap:wrap; margin:10px 0; }
.wb-open { display:flex; gap:10px; flex-wrap:wrap; align-items:end; margin-bottom:10px; }
.wb-open label, .wb-tools label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
.wb-panes { display:grid; grid-template-columns: 1fr 1fr; gap:14px; }
.wb-panes section { min-width:0; }
.wb-panes h2 { margin-top:4px; }
pre.sample { background:#fff; border:1px solid var(--line); border-radius:4px; padding:6px 8px; margin:0; height:420px; overflow:auto; font-size:12px; }
pre.sample .ln { color:var(--muted); user-select:none; }
textarea[name=profile] { width:100%; height:420px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12px; padding:6px 8px; border:1px solid #b8c0c8; border-radius:4px; tab-size:2; }
.wb-tools { display:flex; gap:10px; flex-wrap:wrap; align-items:end; margin-top:8px; }
pre.body { max-height:300px; overflow:auto; background:#f6f8fa; padding:6px; font-size:12px; }
td.pre { white-space:pre-wrap; }
button.link-dark { background:none; border:none; color:var(--accent); padding:0; text-decoration:underline; font-variant-numeric: tabular-nums; }
`;
