import { defineProjectConfig } from '../../tools/vitest-preset.ts';

export default defineProjectConfig(import.meta.dirname);
