import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/procedures',
    include: ['test/**/*.test.ts'],
  },
});
