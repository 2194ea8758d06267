import { join } from 'node:path';
import { createStorage } from '@mark1/storage';
import { describeContextStoreConformance } from './support/context-store-conformance';
import { temporaryFolder } from './support/temporary';

const folder = temporaryFolder('mark1-context-sqlite-');
let opened = 0;

describeContextStoreConformance('SQLite', {
  open: () =>
    createStorage({ url: `sqlite://${join(folder.path, `contexts-${(opened += 1)}.db`)}` }),
  cleanup: async () => folder.remove(),
});
