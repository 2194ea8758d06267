import { join } from 'node:path';
import { createStorage } from '../src/index';
import { describeApiRepositoryConformance } from './support/api-repositories-conformance';
import { temporaryFolder } from './support/sqlite';

const folder = temporaryFolder();

describeApiRepositoryConformance('SQLite', {
  open: () => createStorage({ url: `sqlite://${join(folder.path, 'api.db')}` }),
  cleanup: async () => folder.remove(),
});
