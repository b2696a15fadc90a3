import { defineConfig } from 'vitest/config'

// Unit tests sit beside the code (*.test.ts); integration tests live in test/integration.
export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'emulator/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep integration servers from starving each other.
    maxWorkers: 2,
  },
})
