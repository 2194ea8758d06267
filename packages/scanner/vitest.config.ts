import { defineProjectConfig } from '../../tools/vitest-preset.ts';

// Integration suites live in tests/ next to their fixture repositories (tests/fixtures/).
export default defineProjectConfig(import.meta.dirname, {
  test: { include: ['tests/**/*.test.ts'] },
});
