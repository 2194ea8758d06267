import { createStorage } from '../src/index';
import {
  dropSchema,
  postgresUrlFor,
  requirePostgres,
  uniqueSchema,
} from '../../../tools/testing/postgres';
import { describeReadOnlySql } from './support/read-only-conformance';

const schema = uniqueSchema('readonly');

describeReadOnlySql('PostgreSQL', {
  async open() {
    await requirePostgres();
    return createStorage({ url: postgresUrlFor(schema) });
  },
  cleanup: () => dropSchema(schema),
});
