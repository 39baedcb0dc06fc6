import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/codesets',
    include: ['test/**/*.test.ts'],
  },
});
