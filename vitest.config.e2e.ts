import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolves `nestjs-calling-webhook` to the library's sources, as tsconfig.json maps it.
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    root: './',
    include: ['test/**/*.e2e-spec.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
