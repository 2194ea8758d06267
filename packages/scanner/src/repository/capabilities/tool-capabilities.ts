import type { CapabilityCandidate } from '../../profile/repository-profile';
import { type CapabilityContext, isOffered } from './capability-context';
import { toInputName, toKebabCase } from './capability-names';
import { inferPathShape, shapeOfAnnotation } from './parameter-types';

/** LangChain/CrewAI tools defined as functions (`@tool`), as `python_function` capabilities. */
export function toolCapabilities(context: CapabilityContext): CapabilityCandidate[] {
  const candidates: CapabilityCandidate[] = [];
  for (const file of context.files.values()) {
    if (!isOffered(file) || !file.python) continue;
    for (const tool of file.facts.agents.tools) {
      const fn = tool.functionName
        ? file.facts.functions.find(
            (candidate) => candidate.name === tool.functionName && candidate.topLevel,
          )
        : undefined;
      if (!fn) continue;
      candidates.push({
        name: toKebabCase(tool.name),
        description: tool.description ?? '',
        confidence: 0.6,
        source: tool.framework === 'crewai' ? 'crewai-tool' : 'langchain-tool',
        invocation: {
          kind: 'python_function',
          module: file.python.moduleName,
          function: fn.name,
          ...(file.python.importRoot ? { cwd: file.python.importRoot } : {}),
        },
        parameters: fn.parameters
          .filter((p) => p.kind !== 'variadic' && p.kind !== 'variadic-keyword')
          .map((p) => {
            const { writable: _writable, ...shape } = inferPathShape(
              p.name,
              p.description,
              shapeOfAnnotation(p.annotation),
            );
            return {
              name: toInputName(p.name),
              ...shape,
              ...(p.description ? { description: p.description } : {}),
              required: !p.optional,
              ...(p.default !== undefined && p.optional ? { default: p.default } : {}),
              binding: { kind: 'keyword' as const },
            };
          }),
        outputsJson: false,
        ...(fn.returns ? { returns: fn.returns } : {}),
        examples: [],
        evidence: [
          { file: file.path, line: tool.line, detail: `${tool.framework} tool ${tool.name}` },
        ],
        notes: [
          `${fn.name} is a ${tool.framework === 'crewai' ? 'CrewAI' : 'LangChain'} tool object, not a plain function: the executor must call \`${fn.name}.invoke(inputs)\` (or \`.func(**inputs)\`).`,
        ],
      });
    }
  }
  return candidates;
}
