import { defineProjectConfig } from '../tools/vitest-preset.ts';

// Each example's own suite runs as a child process (python3 / node --test), so files get time to
// spare on a shared machine.
export default defineProjectConfig(import.meta.dirname, {
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
