import { join } from 'node:path';
import { createStorage } from '../src/index';
import { describeRepositoryConformance } from './support/repository-conformance';
import { temporaryFolder } from './support/sqlite';

const folder = temporaryFolder();

describeRepositoryConformance('SQLite', {
  open: () => createStorage({ url: `sqlite://${join(folder.path, 'conformance.db')}` }),
  cleanup: async () => folder.remove(),
});
