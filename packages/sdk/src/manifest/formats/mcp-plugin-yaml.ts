import { toKebabCase, toPluginName } from '../names';
import { defined, list, type Normalized, record, text } from './shared';

/**
 * Seed 004's `plugin.yaml` with `mcps`: each MCP is a LangChain-style tool class with an
 * `args_schema`, called as `Class._run(**inputs)`.
 */
export function fromMcpPluginYaml(data: Record<string, unknown>): Normalized {
  const notes: string[] = [];
  const packages: string[] = [];
  const pluginDependencies: string[] = [];
  for (const dependency of list(data.dependencies)) {
    if (typeof dependency === 'string') {
      packages.push(dependency);
      continue;
    }
    const spec = record(dependency);
    const requirement = `${text(spec.name) ?? ''}${text(spec.version) ?? ''}`;
    const source = text(spec.source) ?? 'pypi';
    if (source === 'pypi') packages.push(requirement);
    else
      pluginDependencies.push(
        `${requirement} (${source}${spec.optional === true ? ', optional' : ''})`,
      );
  }
  if (pluginDependencies.length) {
    notes.push(
      `plugin dependencies are not installed automatically: ${pluginDependencies.join(', ')}`,
    );
  }
  const capabilities = list(data.mcps)
    .map(record)
    .map((mcp, index) => {
      const original = text(mcp.name) ?? `mcp-${index + 1}`;
      const className = text(mcp.class_name);
      return {
        name: toKebabCase(original),
        description: text(mcp.description) ?? '',
        tags: list(mcp.capabilities).map(String),
        inputs: mcp.args_schema ?? { type: 'object', properties: {}, required: [] },
        outputs: { result: { type: 'text', description: 'What the tool returns' } },
        entry_point: {
          type: 'python_function',
          module: (text(mcp.module_path) ?? 'main').replaceAll('/', '.').replace(/\.py$/, ''),
          function: className ? `${className}._run` : 'run',
        },
      };
    });
  const maxMemory = data.max_memory_mb;
  return {
    manifest: {
      schema_version: '1.0',
      plugin: defined({
        name: toPluginName(text(data.name) ?? 'plugin'),
        version: text(data.version),
        description: text(data.description),
        author: text(data.author),
        license: text(data.license),
        homepage: text(data.homepage),
        repository: text(data.repository),
        tags: list(data.keywords).map(String),
        runtime: 'python',
      }),
      capabilities,
      dependencies: defined({ python: text(data.python_requires), packages }),
      permissions: defined({
        network: data.requires_network === true,
        filesystem: data.requires_filesystem === true ? 'read-write' : 'none',
        max_memory: typeof maxMemory === 'number' ? `${maxMemory}MB` : undefined,
        timeout: typeof data.max_execution_time === 'number' ? data.max_execution_time : undefined,
      }),
      metadata: defined({
        category: text(data.category),
        certification_level: text(data.certification_level),
        status: text(data.status),
        plugin_dependencies: pluginDependencies.length ? pluginDependencies : undefined,
        mcp_classes: list(data.mcps)
          .map((mcp) => text(record(mcp).class_name))
          .filter(Boolean),
      }),
    },
    notes,
  };
}
