import { defineProjectConfig } from './vitest-preset.ts';

export default defineProjectConfig(import.meta.dirname, {
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000 },
});
