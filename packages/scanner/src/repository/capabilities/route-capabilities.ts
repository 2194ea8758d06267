import type { RouteFact, RouteParameterFact, ServerFact } from '../../profile/file-facts';
import type { CapabilityCandidate, CapabilityParameter } from '../../profile/repository-profile';
import { type CapabilityContext, type SourceFile, isOffered } from './capability-context';
import { toInputName, toKebabCase } from './capability-names';
import { resolveJs } from '../import-graph';
import { PYTHON_COMMAND } from './entry-resolution';
import { inferPathShape, shapeOfAnnotation } from './parameter-types';

const DEFAULT_PORTS: Record<RouteFact['framework'], number> = {
  fastapi: 8000,
  flask: 5000,
  express: 3000,
};
const FLASK_CONVERTERS: Record<string, string> = { int: 'int', float: 'float', uuid: 'str' };

/** The handler's name, else the method and path (`GET /orders/:id` → `get-orders-by-id`). */
function routeName(route: RouteFact): string {
  if (route.functionName) return toKebabCase(route.functionName);
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((part) =>
      part.replace(
        /^:(\w+)\??$|^\{(\w+)(?::[^}]*)?\}$|^<(?:\w+:)?(\w+)>$/,
        (_, a?: string, b?: string, c?: string) => `by ${a ?? b ?? c}`,
      ),
    );
  return toKebabCase(`${route.method.toLowerCase()} ${words.join(' ') || 'root'}`);
}

function parameterOf(fact: RouteParameterFact): CapabilityParameter {
  const annotation = fact.annotation
    ? (FLASK_CONVERTERS[fact.annotation] ?? fact.annotation)
    : undefined;
  const { writable: _writable, ...shape } = inferPathShape(
    fact.name,
    undefined,
    shapeOfAnnotation(annotation),
  );
  const type =
    fact.annotation === 'json'
      ? 'object'
      : (shape.type ?? (fact.in === 'body' ? undefined : 'string'));
  return {
    name: toInputName(fact.name),
    ...shape,
    ...(type ? { type } : {}),
    ...(fact.annotation === 'json' ? { dataType: 'json' as const } : {}),
    ...(fact.description ? { description: fact.description } : {}),
    required: fact.required,
    ...(fact.default !== undefined ? { default: fact.default } : {}),
    binding: { kind: 'http', in: fact.in },
  };
}

/** The port and start command of the service that serves a file's routes. */
function serviceOf(
  file: SourceFile,
  route: RouteFact,
  context: CapabilityContext,
): { port: number; start: string[]; evidence?: string } {
  const servers: (ServerFact & { file: string })[] = [];
  for (const candidate of context.files.values())
    for (const server of candidate.facts.servers) servers.push({ ...server, file: candidate.path });
  const own =
    servers.find((server) => server.file === file.path) ??
    servers.find((server) => server.port !== undefined);
  const port = own?.port ?? DEFAULT_PORTS[route.framework];
  const module = file.python?.moduleName;
  if (route.framework === 'express')
    return {
      port,
      start: ['node', own?.file ?? file.path],
      ...(own ? { evidence: `${own.file}:${own.line}` } : {}),
    };
  if (own && own.file === file.path && file.facts.mainGuard) {
    const start = file.python?.inPackage
      ? [PYTHON_COMMAND, '-m', file.python.moduleName]
      : [PYTHON_COMMAND, file.path];
    return { port, start, evidence: `${own.file}:${own.line}` };
  }
  if (route.framework === 'fastapi' && module)
    return {
      port,
      start: ['uvicorn', `${module}:${route.variable ?? 'app'}`, '--port', String(port)],
    };
  if (route.framework === 'flask' && module)
    return { port, start: ['flask', '--app', module, 'run', '--port', String(port)] };
  return { port, start: [PYTHON_COMMAND, file.path] };
}

/** Path prefixes under which other files mount this file's router (`app.use('/api/orders', require('./routes/orders'))`). */
function mountPrefix(file: SourceFile, context: CapabilityContext): string {
  for (const other of context.files.values()) {
    for (const mount of other.facts.routeMounts) {
      if (resolveJs(other.path, mount.module, context.paths) === file.path)
        return mount.prefix.replace(/\/$/, '');
    }
  }
  return '';
}

/** One `http` capability per route of a FastAPI, Flask or Express service (the service must be running to call it). */
export function routeCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const candidates: CapabilityCandidate[] = [];
  for (const file of context.files.values()) {
    if (!isOffered(file)) continue;
    const prefix = file.facts.language === 'python' ? '' : mountPrefix(file, context);
    for (const fileRoute of file.facts.routes) {
      const route = prefix
        ? { ...fileRoute, path: `${prefix}${fileRoute.path === '/' ? '' : fileRoute.path}` || '/' }
        : fileRoute;
      const service = serviceOf(file, route, context);
      const baseUrl = `http://127.0.0.1:${service.port}`;
      candidates.push({
        name: routeName(route),
        description: route.description ?? `${route.method} ${route.path}`,
        confidence: 0.8,
        source: `${route.framework}-route`,
        invocation: {
          kind: 'http',
          method: route.method,
          path: route.path,
          baseUrl,
          start: service.start,
        },
        parameters: route.parameters.map(parameterOf),
        outputsJson: true,
        examples: [],
        evidence: [
          {
            file: file.path,
            line: route.line,
            detail: `${route.method} ${route.path}${route.functionName ? ` → ${route.functionName}` : ''}`,
          },
        ],
        notes: [
          `The ${route.framework} service must be running at ${baseUrl} (start it with \`${service.start.join(' ')}\`); the capability calls it over HTTP.`,
        ],
      });
    }
  }
  return candidates;
}
