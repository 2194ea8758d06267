import { createStorage } from '@mark1/storage';
import { describeContextStoreConformance } from './support/context-store-conformance';
import { dropSchema, postgresUrlFor, psql, uniqueSchema } from './support/postgres';

const schemas: string[] = [];

describeContextStoreConformance('PostgreSQL', {
  open: async () => {
    psql('select 1');
    const schema = uniqueSchema('store');
    schemas.push(schema);
    return createStorage({ url: postgresUrlFor(schema) });
  },
  cleanup: async () => {
    for (const schema of schemas) dropSchema(schema);
  },
});
