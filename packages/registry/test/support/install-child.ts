// Run as a separate process by the interrupted-install tests:
//   node --conditions=@mark1/source --import tsx install-child.ts <MARK1_HOME> <source> <find-links URL>
// It installs one plugin and prints progress lines, so the test can kill it mid-install.
import { createStorage, loadConfig } from '@mark1/storage';
import { createRegistry } from '../../src/index';

const [home, source, findLinks] = process.argv.slice(2) as [string, string, string];
const { config } = loadConfig({ env: { MARK1_HOME: home }, cwd: home });
const storage = await createStorage({ config });
const registry = createRegistry({ storage, config });
await registry.install(source, {
  yes: true,
  pip: { findLinks: [findLinks], noIndex: true },
  onEvent: (event) => {
    if (event.type === 'step') process.stdout.write(`${event.step}: ${event.message}\n`);
  },
});
process.stdout.write('done\n');
await storage.close();
