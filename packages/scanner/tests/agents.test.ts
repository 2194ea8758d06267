import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/index';
import { scanFixture } from './helpers/fixtures';

describe('agent frameworks and patterns', () => {
  it('reads a LangChain tool-calling agent: tools, agent constructors, model', async () => {
    const { agents } = await scanFixture('langchain-agent');
    expect(agents.pattern).toBe('langchain-agent');
    expect(
      agents.frameworks.map(
        (f) => `${f.name} ${f.evidence.map((e) => `${e.file}:${e.line}`).join(',')}`,
      ),
    ).toEqual(['langchain agent.py:5,tools.py:2']);
    expect(agents.tools).toEqual([
      {
        name: 'get_weather',
        line: 5,
        framework: 'langchain',
        functionName: 'get_weather',
        description: 'Return the current weather for a city.',
        file: 'tools.py',
      },
      {
        name: 'calculator',
        line: 12,
        framework: 'langchain',
        functionName: 'calculate',
        description: 'Evaluate a simple arithmetic expression.',
        file: 'tools.py',
      },
    ]);
    expect(agents.agentConstructors).toEqual([
      { api: 'langchain.agents.create_tool_calling_agent', line: 20, file: 'agent.py' },
      { api: 'langchain.agents.AgentExecutor', line: 21, file: 'agent.py' },
    ]);
  });

  it('reads a LangGraph StateGraph: nodes, edges with START/END, conditional edges, entry, compile', async () => {
    const { agents } = await scanFixture('langgraph-graph');
    expect(agents.pattern).toBe('langgraph-graph');
    expect(agents.graphs).toEqual([
      {
        line: 36,
        variable: 'builder',
        stateType: 'State',
        nodes: [
          { name: 'write', line: 37, handler: 'write' },
          { name: 'review', line: 38, handler: 'review' },
          { name: 'publish', line: 39, handler: 'publish' },
        ],
        edges: [
          { from: '__start__', to: 'write', line: 40 },
          { from: 'write', to: 'review', line: 41 },
          { from: 'review', to: 'write', line: 42, conditional: true },
          { from: 'review', to: 'publish', line: 42, conditional: true },
          { from: 'publish', to: '__end__', line: 43 },
        ],
        routers: ['route'],
        compiled: true,
        entryPoint: 'write',
        file: 'graph.py',
      },
    ]);
  });

  it('reads a CrewAI crew: agents with roles and tools, tasks, the crew and its process', async () => {
    const { agents } = await scanFixture('crewai-crew');
    expect(agents.pattern).toBe('crewai-crew');
    expect(
      agents.crew.agents.map((a) => ({
        variable: a.variable,
        role: a.role,
        goal: a.goal,
        tools: a.tools,
      })),
    ).toEqual([
      {
        variable: 'researcher',
        role: 'Senior Researcher',
        goal: 'Find recent facts about {topic}',
        tools: ['search'],
      },
      {
        variable: 'writer',
        role: 'Writer',
        goal: 'Write a short brief about {topic}',
        tools: ['word_counter'],
      },
    ]);
    expect(agents.crew.tasks.map((t) => [t.variable, t.agent, t.expectedOutput])).toEqual([
      ['research', 'researcher', 'A list of facts with URLs'],
      ['brief', 'writer', 'A markdown brief'],
    ]);
    expect(agents.crew.crews).toEqual([
      {
        line: 28,
        variable: 'crew',
        agents: ['researcher', 'writer'],
        tasks: ['research', 'brief'],
        process: 'sequential',
        file: 'research_crew/main.py',
      },
    ]);
    expect(agents.tools).toEqual([
      {
        name: 'Word counter',
        line: 4,
        framework: 'crewai',
        functionName: 'word_counter',
        description: 'Count the words in a text.',
        file: 'research_crew/tools.py',
      },
    ]);
  });

  it('recognises an AutoGPT-style loop and a plain model pipeline', async () => {
    const { agents } = await scanFixture('llm-calls');
    expect(agents.pattern).toBe('autonomous-loop');
    expect(agents.loops).toEqual([
      { line: 12, kind: 'unbounded', llmLines: [13], file: 'autopilot.py' },
    ]);
    const facts = analyzeSource(
      'from openai import OpenAI\nc = OpenAI()\nfor doc in docs:\n    c.chat.completions.create(model="gpt-4o", messages=[])\n',
      'python',
    );
    expect(facts.agents.loops).toEqual([]);
  });

  it('reads JS LangGraph chains and LangChain JS tools', () => {
    const facts = analyzeSource(
      [
        "import { StateGraph, START, END } from '@langchain/langgraph';",
        "import { tool } from '@langchain/core/tools';",
        "const search = tool(async ({ q }) => q, { name: 'search', description: 'Search the web' });",
        "const app = new StateGraph(State).addNode('agent', callModel).addEdge(START, 'agent').addEdge('agent', END).compile();",
      ].join('\n'),
      'typescript',
    );
    expect(facts.agents.tools).toEqual([
      { name: 'search', line: 3, framework: 'langchain', description: 'Search the web' },
    ]);
    expect(facts.agents.graphs).toEqual([
      {
        line: 4,
        variable: 'app',
        stateType: 'State',
        nodes: [{ name: 'agent', line: 4, handler: 'callModel' }],
        edges: [
          { from: '__start__', to: 'agent', line: 4 },
          { from: 'agent', to: '__end__', line: 4 },
        ],
        routers: [],
        compiled: true,
        entryPoint: 'agent',
      },
    ]);
  });
});
