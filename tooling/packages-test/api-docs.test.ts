/**
 * Issue #17: docs/api/ (TypeDoc, Markdown) is what the packages' TSDoc comments render to today,
 * and every exported function carries an `@example`. Regenerate with `pnpm docs`.
 */
import { expect, it } from 'vitest';
import { pnpm, REPO_ROOT } from './support.js';

it('docs/api is fresh and every exported function has an @example', () => {
  const r = pnpm(['--filter', '@tollkit/api-docs', 'run', '-s', 'docs:check'], REPO_ROOT, { allowFailure: true });
  expect(`${r.stderr}`.trim()).toBe('');
  expect(r.stdout).toMatch(/docs\/api is fresh \(\d+ files\)/);
  expect(r.status).toBe(0);
});
