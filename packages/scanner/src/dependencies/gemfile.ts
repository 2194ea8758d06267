import { type ManifestReading, emptyReading } from './manifest-reading';

/** Reads a `Gemfile`: `gem "name", "~> 1.0"` lines, `group :development, :test do` blocks as dev. */
export function readGemfile(text: string, source: string): ManifestReading {
  const reading = emptyReading();
  let devDepth = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (/^group\b.*\b(development|test)\b.*\bdo\b/.test(line)) {
      devDepth += 1;
      continue;
    }
    if (devDepth > 0 && /^end\b/.test(line)) {
      devDepth -= 1;
      continue;
    }
    const gem = /^gem\s+['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?/.exec(line);
    if (gem) {
      reading.dependencies.push({
        name: gem[1]!,
        ...(gem[2] ? { version: gem[2] } : {}),
        spec: line,
        ecosystem: 'rubygems',
        scope: devDepth > 0 ? 'dev' : 'runtime',
        source,
      });
    }
  }
  return reading;
}
