import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/adapter',
    include: ['test/**/*.test.ts'],
    // Tests start real sshd/PostgreSQL servers; give them room on 2 shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
