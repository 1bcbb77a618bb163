import { defineConfig } from 'vitest/config';

// `npm test` runs everything: the library's unit tests and the end-to-end tests.
export default defineConfig({
  // Resolves `nestjs-calling-webhook` to the library's sources, as tsconfig.json maps it.
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    root: './',
    include: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
