import type { CapabilityCandidate, RepositoryProfile } from '../profile/repository-profile';

const MAX_LISTED = 10;

function list(items: readonly string[]): string {
  return items.length > MAX_LISTED
    ? `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`
    : items.join(', ');
}

/**
 * What the scanner could not infer, in plain words: the notes of each chosen capability, what was
 * left out, services and models the plugin needs, secrets to set, GPU and heavy packages, unnamed
 * environment reads, files that did not parse, symbolic links not followed.
 */
export function unresolvedNotes(
  profile: RepositoryProfile,
  chosen: readonly CapabilityCandidate[],
  excluded: readonly { name: string; confidence: number; reason: string }[],
  fallback: boolean,
): string[] {
  const notes: string[] = [];
  if (fallback) {
    notes.push(
      `No entry point reached the confidence threshold; ${chosen[0]!.name} (confidence ${chosen[0]!.confidence}) is the best guess. Check that it is what this repository is for.`,
    );
  }
  // A note shared by several capabilities (the service they all need running) is written once.
  const byNote = new Map<string, string[]>();
  for (const candidate of chosen)
    for (const note of candidate.notes)
      byNote.set(note, [...(byNote.get(note) ?? []), candidate.name]);
  for (const [note, names] of byNote) notes.push(`${list(names)}: ${note}`);
  if (chosen.some((candidate) => candidate.invocation.kind === 'cli')) {
    notes.push(
      'Command outputs are taken from standard output; if a command writes files, name them as outputs (files written to MARK1_OUTPUT_DIR are collected).',
    );
  }
  if (excluded.length > 0)
    notes.push(`Also found but left out: ${list(excluded.map((e) => `${e.name} (${e.reason})`))}.`);
  const secrets = profile.environment
    .filter((variable) => variable.secret && variable.required)
    .map((variable) => variable.name);
  if (secrets.length > 0) notes.push(`Secrets to provide before it runs: ${list(secrets)}.`);
  const unknownEnv = profile.dynamicEnvReads.reduce((sum, entry) => sum + entry.count, 0);
  if (unknownEnv > 0)
    notes.push(
      `${unknownEnv} environment read(s) use a computed name (${list(profile.dynamicEnvReads.map((entry) => entry.file))}); those variables could not be named.`,
    );
  for (const service of profile.services) {
    if (service.kind === 'llm-api' || service.kind === 'http-api' || service.id === 'sqlite')
      continue;
    const where = service.evidence[0];
    notes.push(
      `It uses ${service.id} (${service.kind})${where ? `, e.g. ${where.file}${where.line ? `:${where.line}` : ''}` : ''}; the plugin cannot start it: point the plugin at one through its configuration.`,
    );
  }
  const providers = [...new Set(profile.llmCalls.map((call) => call.provider))].sort();
  if (providers.length > 0) {
    const models = [
      ...new Set(
        profile.llmCalls.map((call) => call.model).filter((m): m is string => m !== undefined),
      ),
    ].sort();
    notes.push(
      `It calls language models (${providers.join(', ')}${models.length > 0 ? `; models ${list(models)}` : ''}); their API keys or a local server must be available.`,
    );
  }
  if (profile.resources.gpu.required)
    notes.push(`It needs a GPU (${profile.resources.gpu.evidence[0]?.detail ?? 'CUDA'}).`);
  if (profile.resources.heavyDependencies.length > 0)
    notes.push(
      `It installs heavy packages (${list(profile.resources.heavyDependencies)}); consider permissions.max_memory and a longer timeout.`,
    );
  const broken = profile.modules
    .filter((module) => module.syntaxErrors.length > 0)
    .map((module) => module.path);
  if (broken.length > 0)
    notes.push(
      `${broken.length} file(s) have syntax errors (${list(broken)}); facts from them may be incomplete.`,
    );
  const outside = profile.symlinks
    .filter((link) => !link.insideRoot)
    .map((link) => `${link.path} → ${link.target}`);
  if (outside.length > 0)
    notes.push(
      `Symbolic links pointing outside the repository were not followed: ${list(outside)}.`,
    );
  return notes;
}
