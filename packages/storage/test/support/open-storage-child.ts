// Opens the storage named by argv[2] in a child process and prints the outcome as JSON, so tests
// can run it under a setup (a read-only mount) that only a separate process can have.
import { Mark1Error } from '@mark1/sdk';
import { createStorage } from '../../src/index';

try {
  const storage = await createStorage({ url: process.argv[2]!, urlSource: 'the test' });
  await storage.close();
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  const known = Mark1Error.isInstance(error);
  console.log(
    JSON.stringify({
      ok: false,
      code: known ? error.code : 'UNEXPECTED',
      message: (error as Error).message,
    }),
  );
}
