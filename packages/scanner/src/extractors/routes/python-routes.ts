import type { RouteFact, RouteParameterFact, ServerFact } from '../../profile/file-facts';
import { literalOf, stringOf } from '../../profile/static-value';
import { parsePythonDocstring } from '../../languages/doc-comments';
import {
  type CallSite,
  type SourceModel,
  type SyntaxNode,
  chainPath,
} from '../../languages/source-model';
import { pythonDocstringOf, pythonParameters } from '../structure/python-structure';
import { unwrapAnnotation } from '../cli/python-value-types';
import { portOf } from './port-value';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = RouteFact['method'];
const SIMPLE_TYPES = new Set([
  'str',
  'int',
  'float',
  'bool',
  'datetime',
  'date',
  'UUID',
  'Decimal',
]);
const FRAMEWORK_PARAMETERS =
  /(^|\.)(Request|Response|BackgroundTasks|WebSocket|HTTPConnection|Session|AsyncSession)$/;

/** The app/router a route decorator is declared on, with the router's `prefix`. */
function targetOf(
  model: SourceModel,
  site: CallSite,
): { framework: 'fastapi' | 'flask'; prefix: string; variable: string } | undefined {
  const constructorIndex = site.chain.segments.findIndex((s) => s.kind === 'call');
  const constructorSegment = site.chain.segments[constructorIndex];
  if (constructorSegment?.kind !== 'call' || constructorIndex >= site.index) return undefined;
  const constructor = chainPath(site.chain, constructorIndex);
  let framework: 'fastapi' | 'flask' | undefined;
  if (/^fastapi\.(FastAPI|APIRouter)$|^fastapi\.routing\.APIRouter$/.test(constructor))
    framework = 'fastapi';
  else if (/^flask\.(Flask|Blueprint)$/.test(constructor)) framework = 'flask';
  if (!framework) return undefined;
  const prefixNode = constructorSegment.keywords.get(
    framework === 'fastapi' ? 'prefix' : 'url_prefix',
  );
  const prefix = stringOf(model.valueOf(prefixNode)) ?? '';
  return { framework, prefix, variable: site.chain.head };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined === '' ? '/' : joined.replace(/\/+/g, '/');
}

/** The fields of a pydantic model class defined in the file (`name: str = Field(..., description=...)`). */
function modelFields(model: SourceModel, className: string): RouteParameterFact[] | undefined {
  for (const definition of model.root.descendantsOfType('class_definition')) {
    const name = definition.childForFieldName('name');
    if (!name || model.textOf(name) !== className) continue;
    const bases = definition.childForFieldName('superclasses');
    if (!bases || !/\b(BaseModel|SQLModel)\b/.test(model.textOf(bases))) return undefined;
    const fields: RouteParameterFact[] = [];
    for (const statement of definition.childForFieldName('body')?.namedChildren ?? []) {
      const assignment =
        statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const type = assignment.childForFieldName('type');
      if (left?.type !== 'identifier' || !type) continue;
      const right = assignment.childForFieldName('right');
      const value = model.valueOf(right ?? undefined);
      const isField = value?.kind === 'call' && /(^|\.)Field$/.test(value.callee);
      const fieldDefault = isField ? (value.args[0] ?? value.kwargs.default) : value;
      const required =
        !right ||
        (fieldDefault?.kind === 'expression' && fieldDefault.text === '...') ||
        (isField && fieldDefault === undefined && value.kwargs.default_factory === undefined);
      const literal = literalOf(fieldDefault);
      const description = isField ? stringOf(value.kwargs.description) : undefined;
      fields.push({
        name: model.textOf(left),
        in: 'body',
        annotation: model.textOf(type),
        required,
        ...(literal !== undefined && literal !== null && !required ? { default: literal } : {}),
        fieldOf: className,
        ...(description ? { description } : {}),
      });
    }
    return fields;
  }
  return undefined;
}

function fastApiParameters(
  model: SourceModel,
  definition: SyntaxNode,
  path: string,
  method: Method,
): RouteParameterFact[] {
  const pathNames = new Set([...path.matchAll(/\{(\w+)(?::[^}]*)?\}/g)].map((m) => m[1]!));
  const result: RouteParameterFact[] = [];
  for (const parameter of pythonParameters(
    model,
    definition.childForFieldName('parameters'),
    false,
  )) {
    if (parameter.kind === 'variadic' || parameter.kind === 'variadic-keyword') continue;
    const annotation = parameter.annotation;
    const defaultText = parameter.defaultText ?? '';
    if (annotation && FRAMEWORK_PARAMETERS.test(unwrapAnnotation(annotation))) continue;
    if (/\bDepends\s*\(/.test(defaultText) || /\bDepends\s*\(/.test(annotation ?? '')) continue;
    let location: RouteParameterFact['in'];
    if (pathNames.has(parameter.name) || /\bPath\s*\(/.test(defaultText)) location = 'path';
    else if (/\bQuery\s*\(/.test(defaultText) || /\bQuery\s*\(/.test(annotation ?? ''))
      location = 'query';
    else if (
      /\b(Body|Form|File)\s*\(/.test(defaultText) ||
      /\b(Body|Form|File)\s*\(/.test(annotation ?? '')
    )
      location = 'body';
    else {
      const inner = annotation ? unwrapAnnotation(annotation) : 'str';
      location =
        SIMPLE_TYPES.has(inner) || /^(List|list)\[/.test(annotation ?? '')
          ? 'query'
          : method === 'GET'
            ? 'query'
            : 'body';
    }
    if (location === 'body' && annotation && /^[A-Z]\w*$/.test(unwrapAnnotation(annotation))) {
      const fields = modelFields(model, unwrapAnnotation(annotation));
      if (fields) {
        result.push(...fields);
        continue;
      }
    }
    const explicitRequired = /^(Query|Body|Path|Form)\(\s*\.\.\.\s*[,)]/.test(defaultText);
    const fact: RouteParameterFact = {
      name: parameter.name,
      in: location,
      required: location === 'path' || explicitRequired || !parameter.optional,
    };
    if (annotation) fact.annotation = annotation;
    if (parameter.default !== undefined && parameter.default !== null)
      fact.default = parameter.default;
    result.push(fact);
  }
  return result;
}

/** Query and JSON-body keys a Flask view reads from `request`. */
function flaskParameters(
  model: SourceModel,
  definition: SyntaxNode,
  path: string,
): RouteParameterFact[] {
  const result: RouteParameterFact[] = [];
  for (const match of path.matchAll(/<(?:(\w+):)?(\w+)>/g)) {
    const converter = match[1];
    result.push({
      name: match[2]!,
      in: 'path',
      required: true,
      ...(converter && converter !== 'string' && converter !== 'path'
        ? { annotation: converter }
        : {}),
    });
  }
  const body = model.textOf(definition.childForFieldName('body') ?? definition);
  const seen = new Set(result.map((p) => p.name));
  for (const match of body.matchAll(
    /request\.(args|form|json|values)\s*(?:\.get\(\s*|\[\s*)['"]([\w-]+)['"]\s*(,)?/g,
  )) {
    const name = match[2]!;
    if (seen.has(name)) continue;
    seen.add(name);
    result.push({
      name,
      in: match[1] === 'args' ? 'query' : 'body',
      required: match[0].includes('['),
    });
  }
  if (/request\.(get_json\s*\(|json\b)/.test(body) && !result.some((p) => p.in === 'body')) {
    result.push({ name: 'body', in: 'body', required: true, annotation: 'json' });
  }
  return result;
}

function methodsOf(model: SourceModel, site: CallSite, member: string): Method[] {
  if ((METHODS as readonly string[]).includes(member)) return [member.toUpperCase() as Method];
  const listed = literalOf(model.valueOf(site.keywords.get('methods')));
  if (Array.isArray(listed)) {
    const methods = listed
      .filter((m): m is string => typeof m === 'string')
      .map((m) => m.toUpperCase());
    return methods.filter((m): m is Method =>
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(m),
    );
  }
  return ['GET'];
}

/** FastAPI and Flask routes (`@app.get("/x")`, `@router.post`, `@app.route("/x", methods=[...])`, blueprints) and servers started in code. */
export function extractPythonRoutes(model: SourceModel): {
  routes: RouteFact[];
  servers: ServerFact[];
} {
  const routes: RouteFact[] = [];
  const servers: ServerFact[] = [];
  for (const site of model.calls) {
    const root = site.chain.root;
    if (root.startsWith('uvicorn')) {
      if (site.callee === 'uvicorn.run') {
        const appValue = model.valueOf(site.args[0] ?? site.keywords.get('app'));
        const host = stringOf(model.valueOf(site.keywords.get('host')));
        const port = portOf(model, site.keywords.get('port'));
        servers.push({
          framework: 'uvicorn',
          line: site.line,
          ...(host ? { host } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(appValue?.kind === 'string'
            ? { app: appValue.value }
            : appValue?.kind === 'reference'
              ? { app: appValue.name }
              : {}),
        });
      }
      continue;
    }
    if (!root.startsWith('fastapi') && !root.startsWith('flask')) continue;
    const member = site.callee.split('.').pop()!;
    if (member === 'run' && /^flask\.Flask\(\)\.run$/.test(site.callee)) {
      const host = stringOf(model.valueOf(site.keywords.get('host') ?? site.args[0]));
      const port = portOf(model, site.keywords.get('port') ?? site.args[1]);
      servers.push({
        framework: 'flask',
        line: site.line,
        ...(host ? { host } : {}),
        ...(port !== undefined ? { port } : {}),
        app: site.chain.head,
      });
      continue;
    }
    if (
      !(METHODS as readonly string[]).includes(member) &&
      member !== 'route' &&
      member !== 'api_route'
    )
      continue;
    const definition =
      site.node.parent?.type === 'decorator'
        ? site.node.parent.parent?.childForFieldName('definition')
        : undefined;
    if (definition?.type !== 'function_definition') continue;
    const target = targetOf(model, site);
    if (!target) continue;
    const rawPath = stringOf(
      model.valueOf(site.args[0] ?? site.keywords.get('path') ?? site.keywords.get('rule')),
    );
    if (rawPath === undefined) continue;
    const path = joinPath(target.prefix, rawPath);
    const name = definition.childForFieldName('name');
    const docstring = pythonDocstringOf(definition, model.source);
    const summary =
      stringOf(model.valueOf(site.keywords.get('summary'))) ??
      stringOf(model.valueOf(site.keywords.get('description')));
    const description =
      summary ?? (docstring ? parsePythonDocstring(docstring).summary : undefined);
    for (const method of methodsOf(model, site, member)) {
      routes.push({
        framework: target.framework,
        method,
        path,
        line: site.line,
        variable: target.variable,
        ...(name ? { functionName: model.textOf(name) } : {}),
        ...(description ? { description } : {}),
        parameters:
          target.framework === 'fastapi'
            ? fastApiParameters(model, definition, path, method)
            : flaskParameters(model, definition, path),
      });
    }
  }
  return { routes, servers };
}
