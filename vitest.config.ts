import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real peers (squid, tinyproxy, mitmdump, Swift, Azurite) start per file; give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the number of concurrently started peers small.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
