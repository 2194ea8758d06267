import type { ServiceKind, ServiceUseFact } from '../profile/file-facts';
import type {
  DependencyFact,
  EnvironmentVariableFact,
  Evidence,
  ServiceFact,
} from '../profile/repository-profile';
import { SERVICE_CATALOG } from '../extractors/services/service-catalog';
import type { EnvExampleEntry } from './env-example-file';

const SQL_DATABASES = new Set(['postgresql', 'mysql', 'sqlite']);

function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The external services of a repository, merged from code (imports, client calls, connection URLs,
 * HTTP hosts), declared dependencies, docker-compose images, environment variable names and the
 * connection URLs of `.env.example` values. The
 * generic `sql-database` (an ORM) is dropped when a concrete SQL database is found. Sorted by id.
 */
export function aggregateServices(
  uses: readonly { file: string; fact: ServiceUseFact }[],
  dependencies: readonly DependencyFact[],
  composeImages: readonly { file: string; image: string; line?: number }[],
  environment: readonly EnvironmentVariableFact[],
  examples: readonly { file: string; entries: readonly EnvExampleEntry[] }[] = [],
): ServiceFact[] {
  const services = new Map<string, { kind: ServiceKind; evidence: Evidence[] }>();
  const add = (id: string, kind: ServiceKind, evidence: Evidence): void => {
    let service = services.get(id);
    if (!service) {
      service = { kind, evidence: [] };
      services.set(id, service);
    }
    if (
      !service.evidence.some(
        (e) => e.file === evidence.file && e.line === evidence.line && e.detail === evidence.detail,
      )
    )
      service.evidence.push(evidence);
  };
  for (const { file, fact } of uses)
    add(fact.service, fact.kind, { file, line: fact.line, detail: `${fact.via}: ${fact.detail}` });
  for (const dependency of dependencies) {
    if (dependency.scope === 'dev') continue;
    const name = normalized(dependency.name);
    for (const service of SERVICE_CATALOG) {
      const names =
        dependency.ecosystem === 'npm'
          ? service.js
          : [...service.python, ...(service.packages ?? [])];
      if (
        names.some(
          (candidate) =>
            normalized(candidate) === name ||
            (dependency.ecosystem === 'npm' && service.packages?.includes(dependency.name)),
        )
      ) {
        add(service.id, service.kind, {
          file: dependency.source,
          detail: `dependency ${dependency.name}`,
        });
      }
    }
  }
  for (const { file, image, line } of composeImages) {
    const bare = image.replace(/[:@].*$/, '').replace(/^docker\.io\/(library\/)?/, '');
    const service = SERVICE_CATALOG.find((candidate) => candidate.images?.includes(bare));
    if (service)
      add(service.id, service.kind, {
        file,
        ...(line !== undefined ? { line } : {}),
        detail: `docker-compose image ${image}`,
      });
  }
  for (const variable of environment) {
    const service = SERVICE_CATALOG.find((candidate) => candidate.envNames?.test(variable.name));
    const first = variable.evidence[0];
    if (service && first)
      add(service.id, service.kind, {
        file: first.file,
        ...(first.line !== undefined ? { line: first.line } : {}),
        detail: `environment variable ${variable.name}`,
      });
  }
  for (const { file, entries } of examples) {
    for (const entry of entries) {
      const scheme = /^([a-z][a-z0-9+]*):\/\//.exec(entry.value ?? '')?.[1]?.split('+')[0];
      const service = scheme
        ? SERVICE_CATALOG.find((candidate) => candidate.schemes?.includes(scheme))
        : undefined;
      if (service)
        add(service.id, service.kind, {
          file,
          line: entry.line,
          detail: `example value of ${entry.name} (${scheme}://)`,
        });
    }
  }
  if ([...services.keys()].some((id) => SQL_DATABASES.has(id))) services.delete('sql-database');
  return [...services.entries()]
    .map(([id, { kind, evidence }]) => ({
      id,
      kind,
      evidence: evidence.sort((a, b) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0),
      ),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
