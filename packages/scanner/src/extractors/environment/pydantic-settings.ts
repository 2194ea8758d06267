import type { EnvReadFact } from '../../profile/file-facts';
import { type StaticValue, literalOf, stringOf } from '../../profile/static-value';
import { type SourceModel, type SyntaxNode, lineOf } from '../../languages/source-model';

const SETTINGS_BASES = /(^|\.)(BaseSettings)$/;
const SECRET_TYPES = /\b(SecretStr|SecretBytes)\b/;

function kwarg(value: StaticValue | undefined, key: string): StaticValue | undefined {
  return value?.kind === 'call' ? value.kwargs[key] : undefined;
}

/** `env_prefix` from `model_config = SettingsConfigDict(env_prefix="APP_")` or `class Config: env_prefix = "APP_"`. */
function envPrefixOf(model: SourceModel, body: SyntaxNode): string {
  for (const statement of body.namedChildren) {
    if (statement.type === 'expression_statement') {
      const assignment = statement.namedChildren[0];
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left && model.textOf(left) === 'model_config') {
        const value = model.valueOf(assignment!.childForFieldName('right') ?? undefined);
        const prefix =
          stringOf(kwarg(value, 'env_prefix')) ??
          (value?.kind === 'dict'
            ? stringOf(value.entries.find((e) => e.key === 'env_prefix')?.value)
            : undefined);
        if (prefix !== undefined) return prefix;
      }
    } else if (
      statement.type === 'class_definition' &&
      model.textOf(statement.childForFieldName('name') ?? statement) === 'Config'
    ) {
      const inner = statement.childForFieldName('body');
      const prefix = inner
        ? /env_prefix\s*=\s*(['"])(.*?)\1/.exec(model.textOf(inner))?.[2]
        : undefined;
      if (prefix !== undefined) return prefix;
    }
  }
  return '';
}

/**
 * Environment variables declared as pydantic settings: every annotated field of a `BaseSettings`
 * class is read from the environment (upper-cased, after `env_prefix`, or by its `alias` /
 * `validation_alias`); a field without a default is required; `SecretStr` fields are secrets.
 */
export function extractPydanticSettings(model: SourceModel): EnvReadFact[] {
  if (!model.source.includes('BaseSettings')) return [];
  const reads: EnvReadFact[] = [];
  for (const definition of model.definitions()) {
    if (definition.type !== 'class_definition') continue;
    const bases = definition.childForFieldName('superclasses');
    const isSettings = bases?.namedChildren.some((base) => {
      const value = model.valueOf(base);
      return (
        value?.kind === 'reference' &&
        SETTINGS_BASES.test(value.name) &&
        /pydantic/.test(value.name)
      );
    });
    const body = definition.childForFieldName('body');
    if (!isSettings || !body) continue;
    const prefix = envPrefixOf(model, body);
    for (const statement of body.namedChildren) {
      const assignment =
        statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const type = assignment.childForFieldName('type');
      if (left?.type !== 'identifier' || !type) continue;
      const field = model.textOf(left);
      const annotation = model.textOf(type);
      if (field === 'model_config' || /\bClassVar\b/.test(annotation)) continue;
      const right = assignment.childForFieldName('right');
      const value = model.valueOf(right ?? undefined);
      const isField = value?.kind === 'call' && /(^|\.)Field$/.test(value.callee);
      const alias = stringOf(kwarg(value, 'validation_alias')) ?? stringOf(kwarg(value, 'alias'));
      const fallback = isField ? (value.args[0] ?? value.kwargs.default) : value;
      const hasFactory = isField && value.kwargs.default_factory !== undefined;
      const required =
        !right ||
        (isField &&
          !hasFactory &&
          (fallback === undefined || (fallback.kind === 'expression' && fallback.text === '...')));
      const literal = literalOf(fallback);
      reads.push({
        name: alias ?? `${prefix}${field}`.toUpperCase(),
        line: lineOf(assignment),
        required,
        ...(!required && literal !== undefined && literal !== null && typeof literal !== 'object'
          ? { default: String(literal) }
          : {}),
        via: 'pydantic-settings',
        ...(SECRET_TYPES.test(annotation) ? { secret: true } : {}),
      });
    }
  }
  return reads;
}
