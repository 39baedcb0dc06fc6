import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/carrier-customs',
    include: ['test/**/*.test.ts'],
  },
});
