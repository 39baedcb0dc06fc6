import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@tollkit/messages',
    include: ['test/**/*.test.ts'],
  },
});
