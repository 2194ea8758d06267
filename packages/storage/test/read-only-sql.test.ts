import { join } from 'node:path';
import { createStorage } from '../src/index';
import { describeReadOnlySql } from './support/read-only-conformance';
import { temporaryFolder } from './support/sqlite';

const folder = temporaryFolder();

describeReadOnlySql('SQLite', {
  open: () => createStorage({ url: `sqlite://${join(folder.path, 'read-only.db')}` }),
  cleanup: async () => folder.remove(),
});
