import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/manifest',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
