import { createStorage } from '../src/index';
import {
  dropSchema,
  postgresUrlFor,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';
import { describeRepositoryConformance } from './support/repository-conformance';

const schema = uniqueSchema('repos');

describeRepositoryConformance('PostgreSQL', {
  async open() {
    await requirePostgres();
    return createStorage({ url: postgresUrlFor(schema) });
  },
  cleanup: () => dropSchema(schema),
});
