import { createStorage } from '../src/index';
import { describeApiRepositoryConformance } from './support/api-repositories-conformance';
import {
  dropSchema,
  postgresUrlFor,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';

const schema = uniqueSchema('api');

describeApiRepositoryConformance('PostgreSQL', {
  async open() {
    await requirePostgres();
    return createStorage({ url: postgresUrlFor(schema) });
  },
  cleanup: () => dropSchema(schema),
});
