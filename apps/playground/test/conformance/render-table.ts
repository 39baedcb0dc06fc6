/**
 * Renders the conformance case table (`cases.ts`) as `docs/conformance.md`. Pure: the script
 * `scripts/conformance-table.ts` writes it, `conformance-doc.test.ts` fails when the file is stale.
 */
import type { ConformanceCase, Expectation } from './cases.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function expectationText(e: Expectation): string {
  if (e.outcome === 'accepted') return 'accepted (SUCCESS)';
  if (e.outcome === 'rejected') return `400 ${e.errors.map((x) => `${code(x.field)}: ${code(x.error)}`).join('; ')}`;
  return `FAILURE ${e.errors.map((x) => `${code(x.description)} at ${code(x.pointer.messageElementPath)}`).join('; ')}`;
}

function localText(c: ConformanceCase): string {
  const k = c.check;
  if (k.kind === 'notification') return `${expectationText(k.expect)} (validateNotification + checkNotificationRules)`;
  if (k.kind === 'request-body') return `${expectationText(k.expect)} (validateRequestBody '${k.requestKind}')`;
  return k.localText;
}

function playgroundText(c: ConformanceCase): string {
  const k = c.check;
  if (k.kind === 'protocol') return k.playgroundText;
  return expectationText(k.expect);
}

/** The whole Markdown document. */
export function renderConformanceTable(cases: readonly ConformanceCase[]): string {
  const lines = [
    '# Conformance with Customs\' documentation',
    '',
    '<!-- Generated from apps/playground/test/conformance/cases.ts by `pnpm --filter @tollkit/playground run conformance-table`; do not edit. -->',
    '',
    'One row per documented rule. Each row is a case of `apps/playground/test/conformance/cases.ts`, run by',
    '`conformance.test.ts` against Tollkit\'s local pre-validation (`@tollkit/messages`, `@tollkit/procedures`) and',
    'against the playground over plain HTTP, with the same input; the test titles carry the source. Pages are paths in',
    'Norwegian Customs\' public repository `toll/toll.github.io` (history) unless they name docs.digdir.no. "Issue" is the',
    'numbered item of issue 16 the row settles. Where the documentation is silent, the row says which choice was taken.',
    '',
    '| id | rule | source | issue | local pre-validation | playground | what the adapter does | where the documentation is silent |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of cases) {
    lines.push(
      `| ${[
        c.id,
        cell(c.rule),
        cell(`${code(c.source.page)} — ${c.source.rule}`),
        c.issueItem === undefined ? '' : String(c.issueItem),
        cell(localText(c)),
        cell(playgroundText(c)),
        cell(c.adapter),
        cell(c.silent ?? ''),
      ].join(' | ')} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
