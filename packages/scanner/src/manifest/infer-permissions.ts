import type { RepositoryProfile } from '../profile/repository-profile';

/** Why the plugin needs the network, or `undefined` when nothing says it does. */
export function networkReason(
  profile: RepositoryProfile,
  hasHttpCapability: boolean,
): string | undefined {
  if (hasHttpCapability) return 'its capabilities call an HTTP service';
  const call = profile.sensitiveCalls.find(
    (c) => c.category === 'network' && !/(^|\/)(tests?|__tests__)\//.test(c.file),
  );
  if (call) return `${call.callee} at ${call.file}:${call.line}`;
  const llm = profile.llmCalls[0];
  if (llm) return `a ${llm.provider} model call at ${llm.file}:${llm.line}`;
  const service = profile.services.find((s) => s.id !== 'sqlite');
  if (service) return `it uses ${service.id} (${service.evidence[0]?.file ?? 'dependencies'})`;
  const server = profile.servers[0];
  if (server) return `it starts a ${server.framework} server at ${server.file}:${server.line}`;
  return undefined;
}
