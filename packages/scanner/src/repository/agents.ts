import type { AgentFileFacts, LlmCallFact } from '../profile/file-facts';
import type { AgentProfile, Evidence } from '../profile/repository-profile';

/**
 * The agent framework(s) of a repository and its dominant pattern, from the per-file facts:
 * a LangGraph graph, a CrewAI crew, a LangChain agent (agent constructors or tools), an
 * autonomous loop (an unbounded loop that calls a model), model calls without an agent, or none.
 */
export function aggregateAgents(
  files: readonly { file: string; agents: AgentFileFacts; llmCalls: readonly LlmCallFact[] }[],
): AgentProfile {
  const frameworks = new Map<string, Evidence[]>();
  const profile: AgentProfile = {
    frameworks: [],
    pattern: 'none',
    tools: [],
    agentConstructors: [],
    graphs: [],
    crew: { agents: [], tasks: [], crews: [] },
    loops: [],
  };
  let llmCalls = 0;
  for (const { file, agents, llmCalls: calls } of files) {
    llmCalls += calls.length;
    for (const framework of agents.frameworks) {
      const evidence = frameworks.get(framework.name) ?? [];
      evidence.push({ file, line: framework.line, detail: `imports ${framework.module}` });
      frameworks.set(framework.name, evidence);
    }
    profile.tools.push(...agents.tools.map((tool) => ({ ...tool, file })));
    profile.agentConstructors.push(
      ...agents.agentConstructors.map((constructor) => ({ ...constructor, file })),
    );
    profile.graphs.push(...agents.graphs.map((graph) => ({ ...graph, file })));
    profile.crew.agents.push(...agents.crewAgents.map((agent) => ({ ...agent, file })));
    profile.crew.tasks.push(...agents.crewTasks.map((task) => ({ ...task, file })));
    profile.crew.crews.push(...agents.crews.map((crew) => ({ ...crew, file })));
    profile.loops.push(...agents.loops.map((loop) => ({ ...loop, file })));
  }
  profile.frameworks = [...frameworks.entries()]
    .map(([name, evidence]) => ({ name, evidence }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const uses = (name: string): boolean => frameworks.has(name);
  if (profile.graphs.length > 0) profile.pattern = 'langgraph-graph';
  else if (profile.crew.crews.length > 0 || (uses('crewai') && profile.crew.agents.length > 0))
    profile.pattern = 'crewai-crew';
  else if (profile.agentConstructors.length > 0 || (uses('langchain') && profile.tools.length > 0))
    profile.pattern = 'langchain-agent';
  else if (profile.loops.some((loop) => loop.kind === 'unbounded'))
    profile.pattern = 'autonomous-loop';
  else if (llmCalls > 0) profile.pattern = 'llm-pipeline';
  return profile;
}
