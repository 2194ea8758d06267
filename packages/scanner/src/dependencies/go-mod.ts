import { type ManifestReading, emptyReading } from './manifest-reading';

/** Reads `go.mod`: `module`, `require` lines and blocks (`// indirect` ones as dev), the `go` version. */
export function readGoMod(text: string, source: string): ManifestReading {
  const reading = emptyReading();
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const module = /^module\s+(\S+)/.exec(line);
    if (module) reading.project = { name: module[1]! };
    if (/^require\s*\($/.test(line)) {
      inBlock = true;
      continue;
    }
    if (inBlock && line === ')') {
      inBlock = false;
      continue;
    }
    const requirement = inBlock
      ? /^(\S+)\s+(\S+)(.*)$/.exec(line)
      : /^require\s+(\S+)\s+(\S+)(.*)$/.exec(line);
    if (requirement && !line.startsWith('//')) {
      const indirect = requirement[3]!.includes('// indirect');
      reading.dependencies.push({
        name: requirement[1]!,
        version: requirement[2]!,
        spec: `${requirement[1]} ${requirement[2]}`,
        ecosystem: 'go',
        scope: indirect ? 'dev' : 'runtime',
        source,
      });
    }
  }
  return reading;
}
