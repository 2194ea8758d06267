import { parseDocument } from 'yaml';

/** Docker-compose files. */
export const COMPOSE_FILES = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i;

/** The images a docker-compose file runs (`services.<name>.image`), with their lines. */
export function readComposeImages(
  text: string,
): { image: string; service: string; line?: number }[] {
  const document = parseDocument(text);
  const json = document.toJS() as { services?: Record<string, { image?: unknown }> } | null;
  const images: { image: string; service: string; line?: number }[] = [];
  for (const [service, definition] of Object.entries(json?.services ?? {})) {
    if (!definition || typeof definition !== 'object' || typeof definition.image !== 'string')
      continue;
    const node = document.getIn(['services', service, 'image'], true) as
      { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    images.push({
      image: definition.image,
      service,
      ...(offset !== undefined ? { line: text.slice(0, offset).split('\n').length } : {}),
    });
  }
  return images;
}
