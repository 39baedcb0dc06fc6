import { defineConfig } from 'vitest/config';

// One run over every workspace package; each package may refine its own settings in its
// own vitest.config.ts (picked up as a project).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'bench', 'tooling'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
