import type {
  AgentFileFacts,
  AgentToolFact,
  CrewAgentFact,
  CrewFact,
  CrewTaskFact,
  GraphFact,
  LlmCallFact,
} from '../../profile/file-facts';
import { type StaticValue, renderStaticValue, stringOf } from '../../profile/static-value';
import { parsePythonDocstring } from '../../languages/doc-comments';
import {
  type CallSite,
  type SourceModel,
  type SyntaxNode,
  lineOf,
} from '../../languages/source-model';
import { pythonDocstringOf } from '../structure/python-structure';

/** Agent frameworks, by the module prefix that shows them. */
const FRAMEWORK_MODULES: readonly { prefix: RegExp; name: string }[] = [
  { prefix: /^(langgraph|@langchain\/langgraph)(\.|\/|$)/, name: 'langgraph' },
  { prefix: /^(langchain[\w]*|@langchain\/[\w-]+)(\.|\/|$)|^langchain$/, name: 'langchain' },
  { prefix: /^(crewai|crewai_tools)(\.|$)/, name: 'crewai' },
  { prefix: /^(autogen|autogen_agentchat|autogen_core|pyautogen)(\.|$)/, name: 'autogen' },
  { prefix: /^llama_index(\.|$)|^llamaindex$/, name: 'llamaindex' },
  { prefix: /^semantic_kernel(\.|$)/, name: 'semantic-kernel' },
  { prefix: /^smolagents(\.|$)/, name: 'smolagents' },
  { prefix: /^pydantic_ai(\.|$)/, name: 'pydantic-ai' },
  { prefix: /^haystack(\.|$)/, name: 'haystack' },
];

const AGENT_CONSTRUCTORS = new Set([
  'create_react_agent',
  'create_tool_calling_agent',
  'create_openai_functions_agent',
  'create_openai_tools_agent',
  'create_structured_chat_agent',
  'create_json_chat_agent',
  'create_agent',
  'initialize_agent',
  'AgentExecutor',
  'createReactAgent',
  'createToolCallingAgent',
  'createOpenAIFunctionsAgent',
]);

const GRAPH_CLASSES = /(^|\.)(StateGraph|MessageGraph|Graph)$/;
const GRAPH_ENDPOINTS: Record<string, string> = { START: '__start__', END: '__end__' };

function isLangRoot(root: string): boolean {
  return /^(langchain|langgraph|@langchain\/)/.test(root);
}

function decoratedDefinition(node: SyntaxNode): SyntaxNode | undefined {
  let decorator = node.parent;
  if (decorator?.type === 'call') decorator = decorator.parent;
  if (decorator?.type !== 'decorator') return undefined;
  const definition = decorator.parent?.childForFieldName('definition');
  return definition?.type === 'function_definition' || definition?.type === 'class_definition'
    ? definition
    : undefined;
}

function assignedName(model: SourceModel, node: SyntaxNode): string | undefined {
  const parent = node.parent;
  if (parent?.type === 'assignment') {
    const left = parent.childForFieldName('left');
    return left ? model.textOf(left) : undefined;
  }
  if (parent?.type === 'variable_declarator') {
    const name = parent.childForFieldName('name');
    return name ? model.textOf(name) : undefined;
  }
  return undefined;
}

/** A node name given to `add_node`/`add_edge`: a string, a function name, or START/END. */
function graphName(value: StaticValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'reference') {
    const last = value.name.split('.').pop()!;
    return GRAPH_ENDPOINTS[last] ?? last;
  }
  return undefined;
}

function argument(
  model: SourceModel,
  site: CallSite,
  position: number,
  keyword: string,
): StaticValue | undefined {
  const node = site.keywords.get(keyword) ?? site.args[position];
  return model.valueOf(node);
}

function namesIn(value: StaticValue | undefined): string[] {
  if (value?.kind !== 'list') return [];
  return value.items.map((item) =>
    item.kind === 'reference' ? item.name.split('.').pop()! : renderStaticValue(item),
  );
}

function readGraphs(model: SourceModel): GraphFact[] {
  const graphs = new Map<number, GraphFact>();
  for (const site of model.calls) {
    if (!/^(langgraph|@langchain\/langgraph)/.test(site.chain.root)) continue;
    const constructorIndex = site.chain.segments.findIndex((s) => s.kind === 'call');
    if (constructorIndex < 0) continue;
    const constructor = site.chain.segments[constructorIndex]!;
    if (constructor.kind !== 'call') continue;
    const constructorCallee = site.index === constructorIndex ? site.callee : undefined;
    const key = constructor.node.startIndex;
    if (constructorCallee !== undefined) {
      if (!GRAPH_CLASSES.test(constructorCallee)) continue;
      const state = site.args[0] ? model.textOf(site.args[0]) : undefined;
      const variable = assignedName(model, site.node) ?? assignedName(model, site.chain.node);
      graphs.set(key, {
        line: site.line,
        ...(variable ? { variable } : {}),
        ...(state ? { stateType: state } : {}),
        nodes: [],
        edges: [],
        routers: [],
        compiled: false,
      });
      continue;
    }
    const graph = graphs.get(key);
    if (!graph) continue;
    const method = site.callee.split('.').pop()!;
    switch (method) {
      case 'add_node':
      case 'addNode': {
        const first = argument(model, site, 0, 'node');
        const second = model.valueOf(site.args[1] ?? site.keywords.get('action'));
        const name = graphName(first);
        if (!name) break;
        const handler = second ? graphName(second) : first?.kind === 'reference' ? name : undefined;
        graph.nodes.push({ name, line: site.line, ...(handler ? { handler } : {}) });
        break;
      }
      case 'add_edge':
      case 'addEdge': {
        const from = argument(model, site, 0, 'start_key');
        const to = graphName(argument(model, site, 1, 'end_key'));
        const sources = from?.kind === 'list' ? from.items.map(graphName) : [graphName(from)];
        for (const source of sources)
          if (source && to) graph.edges.push({ from: source, to, line: site.line });
        break;
      }
      case 'add_conditional_edges':
      case 'addConditionalEdges': {
        const source = graphName(argument(model, site, 0, 'source'));
        const router = argument(model, site, 1, 'path');
        if (router?.kind === 'reference') graph.routers.push(router.name.split('.').pop()!);
        const mapping = argument(model, site, 2, 'path_map');
        const targets =
          mapping?.kind === 'dict'
            ? mapping.entries.map((e) => graphName(e.value))
            : mapping?.kind === 'list'
              ? mapping.items.map(graphName)
              : [];
        for (const target of targets)
          if (source && target)
            graph.edges.push({ from: source, to: target, line: site.line, conditional: true });
        break;
      }
      case 'set_entry_point':
      case 'setEntryPoint': {
        const name = graphName(argument(model, site, 0, 'key'));
        if (name) graph.entryPoint = name;
        break;
      }
      case 'compile':
        graph.compiled = true;
        break;
      default:
        break;
    }
  }
  for (const graph of graphs.values()) {
    graph.entryPoint ??= graph.edges.find((edge) => edge.from === '__start__')?.to;
    if (graph.entryPoint === undefined) delete graph.entryPoint;
  }
  return [...graphs.values()];
}

function readTools(model: SourceModel): AgentToolFact[] {
  const tools: AgentToolFact[] = [];
  const frameworkOf = (root: string): AgentToolFact['framework'] =>
    root.startsWith('crewai') ? 'crewai' : 'langchain';
  for (const chain of model.chains) {
    const root = chain.root;
    if (!isLangRoot(root) && !root.startsWith('crewai')) continue;
    if (!/(^|\.)tool$/.test(root) || chain.segments.length > 1) continue;
    const definition = decoratedDefinition(
      chain.node.type === 'call'
        ? (chain.node.childForFieldName('function') ?? chain.node)
        : chain.node,
    );
    if (definition?.type !== 'function_definition') continue;
    const functionName = model.textOf(definition.childForFieldName('name') ?? definition);
    const call = chain.segments[0];
    const explicitName = call?.kind === 'call' ? stringOf(model.valueOf(call.args[0])) : undefined;
    const docstring = pythonDocstringOf(definition, model.source);
    const description = docstring ? parsePythonDocstring(docstring).summary : undefined;
    tools.push({
      name: explicitName ?? functionName,
      line: lineOf(definition.parent ?? definition),
      framework: frameworkOf(root),
      functionName,
      ...(description ? { description } : {}),
    });
  }
  for (const site of model.calls) {
    const root = site.chain.root;
    if (!isLangRoot(root) && !root.startsWith('crewai')) continue;
    const callee = site.callee;
    if (
      /(^|\.)(Tool|StructuredTool)(\.from_function)?$|(^|\.)(DynamicTool|DynamicStructuredTool)$/.test(
        callee,
      ) &&
      site.index === site.chain.segments.findIndex((s) => s.kind === 'call')
    ) {
      const options = model.language === 'python' ? undefined : model.valueOf(site.args[0]);
      const field = (key: string): string | undefined =>
        model.language === 'python'
          ? stringOf(model.valueOf(site.keywords.get(key)))
          : options?.kind === 'dict'
            ? stringOf(options.entries.find((e) => e.key === key)?.value)
            : undefined;
      const name = field('name');
      const funcValue =
        model.language === 'python' ? model.valueOf(site.keywords.get('func')) : undefined;
      const functionName = funcValue?.kind === 'reference' ? funcValue.name : undefined;
      if (!name && !functionName) continue;
      const description = field('description');
      tools.push({
        name: name ?? functionName!,
        line: site.line,
        framework: frameworkOf(root),
        ...(functionName ? { functionName } : {}),
        ...(description ? { description } : {}),
      });
    } else if (
      model.language !== 'python' &&
      /(^|\.|\/)tool$/.test(callee) &&
      root.startsWith('@langchain/')
    ) {
      const options = model.valueOf(site.args[1]);
      const entry = (key: string): string | undefined =>
        options?.kind === 'dict'
          ? stringOf(options.entries.find((e) => e.key === key)?.value)
          : undefined;
      const name = entry('name');
      if (!name) continue;
      const description = entry('description');
      tools.push({
        name,
        line: site.line,
        framework: 'langchain',
        ...(description ? { description } : {}),
      });
    }
  }
  if (/BaseTool/.test(model.source)) tools.push(...baseToolClasses(model));
  return tools;
}

/** `class Search(BaseTool): name = "search"; description = "..."`. */
function baseToolClasses(model: SourceModel): AgentToolFact[] {
  const tools: AgentToolFact[] = [];
  const types = model.language === 'python' ? 'class_definition' : 'class_declaration';
  for (const definition of model.root.descendantsOfType(types)) {
    const bases =
      model.language === 'python'
        ? definition.childForFieldName('superclasses')
        : definition.namedChildren.find((c) => c.type === 'class_heritage');
    if (!bases || !/\bBaseTool\b/.test(model.textOf(bases))) continue;
    const className = model.textOf(definition.childForFieldName('name') ?? definition);
    let name: string | undefined;
    let description: string | undefined;
    for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = member.type === 'expression_statement' ? member.namedChildren[0] : member;
      if (!assignment) continue;
      const left =
        assignment.childForFieldName('left') ??
        assignment.childForFieldName('name') ??
        assignment.childForFieldName('property');
      const right = assignment.childForFieldName('right') ?? assignment.childForFieldName('value');
      if (!left || !right) continue;
      const key = model.textOf(left);
      const value = stringOf(model.valueOf(right));
      if (key === 'name' && value) name = value;
      if (key === 'description' && value) description = value.replace(/\s+/g, ' ').trim();
    }
    const fileFramework = model.imports.some((i) => i.module.startsWith('crewai'))
      ? 'crewai'
      : 'langchain';
    tools.push({
      name: name ?? className,
      line: lineOf(definition),
      framework: fileFramework,
      functionName: className,
      ...(description ? { description } : {}),
    });
  }
  return tools;
}

function readCrew(model: SourceModel): {
  crewAgents: CrewAgentFact[];
  crewTasks: CrewTaskFact[];
  crews: CrewFact[];
} {
  const crewAgents: CrewAgentFact[] = [];
  const crewTasks: CrewTaskFact[] = [];
  const crews: CrewFact[] = [];
  for (const site of model.calls) {
    if (!site.chain.root.startsWith('crewai')) continue;
    const first = site.chain.segments.findIndex((s) => s.kind === 'call');
    if (site.index !== first) continue;
    const kind = site.callee.split('.').pop();
    const kw = (key: string): StaticValue | undefined => model.valueOf(site.keywords.get(key));
    const text = (key: string): string | undefined => {
      const value = stringOf(kw(key));
      return value === undefined ? undefined : value.replace(/\s+/g, ' ').trim();
    };
    const variable = assignedName(model, site.node) ?? enclosingMethod(model, site.node);
    if (kind === 'Agent') {
      const config = kw('config');
      const role =
        text('role') ??
        (config?.kind === 'expression' ? /\[['"]([\w-]+)['"]\]/.exec(config.text)?.[1] : undefined);
      const goal = text('goal');
      const backstory = text('backstory');
      crewAgents.push({
        line: site.line,
        ...(variable ? { variable } : {}),
        ...(role ? { role } : {}),
        ...(goal ? { goal } : {}),
        ...(backstory ? { backstory } : {}),
        tools: namesIn(kw('tools')),
      });
    } else if (kind === 'Task') {
      const description = text('description');
      const expectedOutput = text('expected_output');
      const agent = kw('agent');
      const agentName = agent ? renderStaticValue(agent) : undefined;
      crewTasks.push({
        line: site.line,
        ...(variable ? { variable } : {}),
        ...(description ? { description } : {}),
        ...(expectedOutput ? { expectedOutput } : {}),
        ...(agentName ? { agent: agentName } : {}),
      });
    } else if (kind === 'Crew') {
      const process = kw('process');
      crews.push({
        line: site.line,
        ...(variable ? { variable } : {}),
        agents: namesIn(kw('agents')),
        tasks: namesIn(kw('tasks')),
        ...(process ? { process: renderStaticValue(process).split('.').pop()! } : {}),
      });
    }
  }
  return { crewAgents, crewTasks, crews };
}

function enclosingMethod(model: SourceModel, node: SyntaxNode): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition') {
      const name = parent.childForFieldName('name');
      return name ? model.textOf(name) : undefined;
    }
  }
  return undefined;
}

function readLoops(model: SourceModel, llmCalls: readonly LlmCallFact[]): AgentFileFacts['loops'] {
  if (llmCalls.length === 0) return [];
  const candidates: {
    start: number;
    end: number;
    kind: 'unbounded' | 'bounded';
    llmLines: number[];
  }[] = [];
  for (const loop of model.root.descendantsOfType([
    'while_statement',
    'for_statement',
    'do_statement',
  ])) {
    const start = loop.startPosition.row + 1;
    const end = loop.endPosition.row + 1;
    const llmLines = llmCalls
      .filter((call) => call.line > start && call.line <= end)
      .map((call) => call.line);
    if (llmLines.length === 0) continue;
    const head =
      model.source
        .slice(loop.startIndex, Math.min(loop.endIndex, loop.startIndex + 120))
        .split('\n')[0] ?? '';
    let kind: 'unbounded' | 'bounded' | undefined;
    if (loop.type === 'do_statement') kind = 'unbounded';
    else if (loop.type === 'while_statement')
      kind = /^while\s*\(?\s*(True|true|1)\s*\)?\s*:?/.test(head) ? 'unbounded' : 'bounded';
    else if (/^for\s*\(\s*;\s*;\s*\)/.test(head)) kind = 'unbounded';
    else if (/\brange\s*\(|;\s*\w+\s*<\s*\w+/.test(head)) kind = 'bounded';
    if (kind) candidates.push({ start, end, kind, llmLines });
  }
  // Keep the innermost loop around each call.
  return candidates
    .filter(
      (loop) =>
        !candidates.some(
          (other) =>
            other !== loop &&
            other.start >= loop.start &&
            other.end <= loop.end &&
            (other.start !== loop.start || other.end !== loop.end),
        ),
    )
    .map(({ start, kind, llmLines }) => ({ line: start, kind, llmLines }));
}

/** Agent frameworks, tools, LangGraph graphs, CrewAI agents/tasks/crews, and model-calling loops of one file. */
export function extractAgentFacts(
  model: SourceModel,
  llmCalls: readonly LlmCallFact[],
): AgentFileFacts {
  const frameworks: AgentFileFacts['frameworks'] = [];
  const seen = new Set<string>();
  for (const fact of model.imports) {
    const framework = FRAMEWORK_MODULES.find((candidate) => candidate.prefix.test(fact.module));
    if (!framework || seen.has(framework.name)) continue;
    seen.add(framework.name);
    frameworks.push({ name: framework.name, line: fact.line, module: fact.module });
  }
  const agentConstructors: AgentFileFacts['agentConstructors'] = [];
  for (const site of model.calls) {
    if (!isLangRoot(site.chain.root)) continue;
    const member = site.callee.split('.').pop()!;
    if (AGENT_CONSTRUCTORS.has(member))
      agentConstructors.push({ api: site.callee, line: site.line });
  }
  return {
    frameworks,
    tools: readTools(model),
    agentConstructors,
    graphs: readGraphs(model),
    ...readCrew(model),
    loops: readLoops(model, llmCalls),
  };
}
