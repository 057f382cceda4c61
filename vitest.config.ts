import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/fast-check-seed.ts', 'test/user-cache-folder.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
