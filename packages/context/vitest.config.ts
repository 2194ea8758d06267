import { defineProjectConfig } from '../../tools/vitest-preset.ts';

const config = defineProjectConfig(import.meta.dirname);
// As in packages/storage: with the preset's `import` and `module` conditions handed to the worker,
// require() inside CommonJS packages picks ESM builds and pg crashes requiring pg-pool. The worker
// only needs the source condition; Vite adds `import` by itself.
config.ssr = {
  ...config.ssr,
  resolve: {
    ...config.ssr?.resolve,
    conditions: ['@mark1/source', 'node', 'development|production'],
  },
};

export default config;
