import { defineProject } from 'vitest/config';

// The package checks (issue #17): `pnpm packages:check`, run by CI after `npm test`. Builds the
// libraries under packages/, packs them with pnpm, then lints the tarballs (publint, attw), installs
// them into fresh projects outside the workspace (plain JS with npm, TypeScript nodenext with pnpm),
// bundles the pure ones for the browser and runs them in headless Chromium, and checks docs/api/.
export default defineProject({
  test: {
    name: '@tollkit/tooling:packages',
    root: import.meta.dirname,
    include: ['packages-test/**/*.test.ts'],
    globalSetup: ['packages-test/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
