import type {
  RouteFact,
  RouteMountFact,
  RouteParameterFact,
  ServerFact,
} from '../../profile/file-facts';
import { stringOf } from '../../profile/static-value';
import { type SourceModel, type SyntaxNode } from '../../languages/source-model';
import { portOf } from './port-value';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function']);

/** Query and body keys a handler reads: `req.query.x`, `req.body.x`, `const { a, b } = req.body`. */
function handlerParameters(
  model: SourceModel,
  handler: SyntaxNode | undefined,
  path: string,
): RouteParameterFact[] {
  const result: RouteParameterFact[] = [];
  const seen = new Set<string>();
  for (const match of path.matchAll(/:(\w+)(\?)?/g)) {
    seen.add(match[1]!);
    result.push({ name: match[1]!, in: 'path', required: match[2] !== '?' });
  }
  if (!handler || !FUNCTION_TYPES.has(handler.type)) return result;
  const first =
    handler.childForFieldName('parameters')?.namedChildren[0] ??
    handler.childForFieldName('parameter');
  const request = first?.type === 'identifier' ? model.textOf(first) : 'req';
  const body = model.textOf(handler.childForFieldName('body') ?? handler);
  const escaped = request.replace(/\$/g, '\\$');
  // Query parameters are optional unless the code says otherwise; body fields are required unless they have a fallback.
  const add = (name: string, location: 'query' | 'body', hasFallback: boolean): void => {
    if (seen.has(name)) return;
    seen.add(name);
    result.push({ name, in: location, required: location === 'body' && !hasFallback });
  };
  for (const match of body.matchAll(
    new RegExp(`\\{([^{}]*)\\}\\s*=\\s*${escaped}\\.(query|body)\\b`, 'g'),
  )) {
    for (const part of match[1]!.split(',')) {
      const name = part.split(/[:=]/)[0]!.trim();
      if (/^[\w$]+$/.test(name))
        add(name, match[2] === 'query' ? 'query' : 'body', part.includes('='));
    }
  }
  for (const match of body.matchAll(
    new RegExp(
      `\\b${escaped}\\.(query|body)(?:\\.([\\w$]+)|\\[\\s*['"]([\\w$-]+)['"]\\s*\\])(\\s*(?:\\?\\?|\\|\\|))?`,
      'g',
    ),
  )) {
    add((match[2] ?? match[3])!, match[1] === 'query' ? 'query' : 'body', match[4] !== undefined);
  }
  return result;
}

/** Express routes (`app.get('/x', handler)`, routers mounted with `app.use('/api', router)` in the same file) and `listen` calls. */
export function extractExpressRoutes(model: SourceModel): {
  routes: RouteFact[];
  servers: ServerFact[];
  mounts: RouteMountFact[];
} {
  const routes: RouteFact[] = [];
  const servers: ServerFact[] = [];
  const mounts = new Map<string, string>();
  const moduleMounts: RouteMountFact[] = [];
  for (const site of model.calls) {
    if (!site.callee.startsWith('express') || !site.callee.endsWith('.use')) continue;
    const prefix = stringOf(model.valueOf(site.args[0]));
    const router = site.args[1];
    if (!prefix || !router) continue;
    if (router.type === 'identifier') {
      const name = model.textOf(router);
      mounts.set(name, prefix);
      const module = model.importBindings.get(name);
      if (module?.startsWith('.'))
        moduleMounts.push({ prefix, module: module.replace(/\.default$/, ''), line: site.line });
    } else if (router.type === 'call_expression' && /^require\s*\(/.test(model.textOf(router))) {
      const module = stringOf(
        model.valueOf(router.childForFieldName('arguments')?.namedChildren[0]),
      );
      if (module?.startsWith('.')) moduleMounts.push({ prefix, module, line: site.line });
    }
  }
  for (const site of model.calls) {
    const root = site.chain.root;
    if (root === 'http' || root === 'https' || root === 'node:http' || root === 'node:https') {
      if (/\.createServer\(\)\.listen$/.test(site.callee)) {
        const port = portOf(model, site.args[0]);
        servers.push({
          framework: 'node:http',
          line: site.line,
          ...(port !== undefined ? { port } : {}),
        });
      }
      continue;
    }
    if (root !== 'express' && !root.startsWith('express.') && root !== 'fastify' && root !== 'koa')
      continue;
    const member = site.callee.split('.').pop()!;
    const constructorIndex = site.chain.segments.findIndex((s) => s.kind === 'call');
    if (constructorIndex < 0 || constructorIndex >= site.index) continue;
    if (member === 'listen') {
      const first = site.args[0];
      const port =
        first?.type === 'object'
          ? portOf(model, objectValue(model, first, 'port'))
          : portOf(model, first);
      servers.push({
        framework: root.startsWith('express') ? 'express' : root,
        line: site.line,
        ...(port !== undefined ? { port } : {}),
        app: site.chain.head,
      });
      continue;
    }
    if (!METHODS.has(member) || !root.startsWith('express')) continue;
    // `app.get('x')` with one argument reads a setting, not a route.
    if (site.args.length < 2) continue;
    const rawPath = stringOf(model.valueOf(site.args[0]));
    if (rawPath === undefined) continue;
    const prefix = mounts.get(site.chain.head) ?? '';
    const path =
      `${prefix.replace(/\/$/, '')}${rawPath.startsWith('/') ? rawPath : `/${rawPath}`}` || '/';
    const handler = site.args[site.args.length - 1];
    const method = member.toUpperCase() as RouteFact['method'];
    routes.push({
      framework: 'express',
      method,
      path,
      line: site.line,
      variable: site.chain.head,
      ...(handler?.type === 'identifier' ? { functionName: model.textOf(handler) } : {}),
      parameters: handlerParameters(model, handler, path),
    });
  }
  return { routes, servers, mounts: moduleMounts };
}

function objectValue(model: SourceModel, object: SyntaxNode, key: string): SyntaxNode | undefined {
  for (const pair of object.namedChildren) {
    if (pair.type !== 'pair') continue;
    const name = pair.childForFieldName('key');
    if (name && model.textOf(name) === key) return pair.childForFieldName('value') ?? undefined;
  }
  return undefined;
}
