import {
  type CapabilityInput,
  type EntryPointInput,
  type PluginManifest,
  type PluginManifestInput,
  PluginManifestSchema,
  type Runtime,
  toPluginName,
  writeManifest,
} from '@mark1/sdk';
import { z } from 'zod';
import { ScannerErrorCodes, scannerError } from '../errors';
import {
  type CapabilityCandidate,
  PROFILE_SCHEMA_VERSION,
  type RepositoryProfile,
} from '../profile/repository-profile';
import { commandTarget, inputsFromArgv } from '../repository/capabilities/readme-usage';
import { argvTemplate } from './argv-template';
import { outputsOf } from './capability-outputs';
import { httpEntryPoint } from './http-entry-point';
import { networkReason } from './infer-permissions';
import { capabilityInputsOf } from './input-schema';
import { manifestDependencies } from './manifest-dependencies';
import { unresolvedNotes } from './unresolved-notes';

/** zod schema of {@link GenerateManifestOptions}. */
export const GenerateManifestOptionsSchema = z.strictObject({
  /** Candidates below this confidence are left out (and listed in `unresolved`). @default 0.5 */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** At most this many capabilities, the most confident first. @default 50 */
  maxCapabilities: z.number().int().positive().default(50),
  /** The plugin name; the profile's name (made valid) when omitted. */
  name: z.string().min(1).optional(),
});

/** Options of {@link generateManifest}. */
export type GenerateManifestOptions = z.input<typeof GenerateManifestOptionsSchema>;

/** What {@link generateManifest} returns. */
export interface GeneratedManifest {
  /** The manifest, validated and normalized by `@mark1/sdk`. */
  manifest: PluginManifest;
  /** `mark1.plugin.yml` text, with the unresolved points as a comment at the top. */
  yaml: string;
  /** What the scanner could not infer, in plain words, for a person to finish. */
  unresolved: string[];
  /** Candidates left out, with why. */
  excluded: { name: string; confidence: number; reason: string }[];
}

/** The parts of a profile `generateManifest` relies on, checked at the boundary. */
const ProfileShapeSchema = z.looseObject({
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  name: z.string(),
  capabilities: z.array(
    z.looseObject({
      name: z.string(),
      confidence: z.number(),
      invocation: z.looseObject({
        kind: z.enum(['cli', 'python_function', 'node_function', 'http']),
      }),
    }),
  ),
  environment: z.array(z.looseObject({ name: z.string() })),
  dependencies: z.looseObject({
    dependencies: z.array(z.unknown()),
    scripts: z.array(z.unknown()),
  }),
  services: z.array(z.unknown()),
  llmCalls: z.array(z.unknown()),
  sensitiveCalls: z.array(z.unknown()),
});

function entryPointOf(candidate: CapabilityCandidate): EntryPointInput {
  const invocation = candidate.invocation;
  switch (invocation.kind) {
    case 'cli':
      return {
        type: 'cli',
        command: invocation.command,
        args: argvTemplate(candidate.parameters, invocation.subcommand),
        ...(invocation.cwd ? { cwd: invocation.cwd } : {}),
      };
    case 'python_function':
      return {
        type: 'python_function',
        module: invocation.module,
        function: invocation.function,
        ...(invocation.cwd && invocation.cwd !== '.' ? { python_path: [invocation.cwd] } : {}),
      };
    case 'node_function':
      return { type: 'node_function', module: invocation.module, function: invocation.function };
    case 'http':
      return httpEntryPoint(invocation, candidate.parameters);
  }
}

/**
 * The first README example whose words map cleanly onto the capability's inputs and whose
 * required path inputs name files or folders the repository has (an example about the reader's
 * own `notes.txt` would fail the install's smoke test, which runs examples in the plugin's folder).
 */
function exampleOf(
  candidate: CapabilityCandidate,
  repositoryFiles: ReadonlySet<string>,
): CapabilityInput['example'] | undefined {
  if (candidate.invocation.kind !== 'cli') return undefined;
  const subcommand = candidate.invocation.subcommand;
  for (const command of candidate.examples) {
    const target = commandTarget(command);
    if (!target) continue;
    let rest = target.rest;
    if (subcommand.length > 0) {
      const at = rest.findIndex((word, i) => subcommand.every((part, j) => rest[i + j] === part));
      if (at < 0) continue;
      rest = [...rest.slice(0, at), ...rest.slice(at + subcommand.length)];
    }
    const inputs = inputsFromArgv(candidate.parameters, rest);
    const required = candidate.parameters
      .filter((p) => p.required)
      .every((p) => inputs && p.name in inputs);
    const pathsExist = candidate.parameters
      .filter(
        (p) => p.required && p.format === 'path' && inputs && typeof inputs[p.name] === 'string',
      )
      .every((p) => inRepository(repositoryFiles, inputs![p.name] as string));
    if (inputs && required && pathsExist)
      return { description: `From the README: ${command}`, inputs };
  }
  return undefined;
}

/** True when a relative path names a file of the repository, or a folder holding some. */
function inRepository(repositoryFiles: ReadonlySet<string>, path: string): boolean {
  const relative = path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (repositoryFiles.has(relative)) return true;
  for (const file of repositoryFiles) if (file.startsWith(`${relative}/`)) return true;
  return false;
}

function capabilityOf(
  candidate: CapabilityCandidate,
  repositoryFiles: ReadonlySet<string>,
): CapabilityInput {
  const example = exampleOf(candidate, repositoryFiles);
  return {
    name: candidate.name,
    description: candidate.description,
    tags: [candidate.source],
    inputs: capabilityInputsOf(candidate.parameters),
    outputs: outputsOf(candidate),
    entry_point: entryPointOf(candidate),
    ...(example ? { example } : {}),
  };
}

function runtimeOf(
  capabilities: readonly CapabilityCandidate[],
  profile: RepositoryProfile,
): Runtime {
  const kinds = new Set(
    capabilities.map((candidate) => {
      const invocation = candidate.invocation;
      if (invocation.kind === 'python_function') return 'python';
      if (invocation.kind === 'node_function') return 'node';
      if (invocation.kind === 'http') return 'http';
      const program = invocation.command[0];
      return program === 'python3'
        ? 'python'
        : program === 'node' || program === 'npx' || program === 'npm'
          ? 'node'
          : 'shell';
    }),
  );
  if (kinds.has('python')) return 'python';
  if (kinds.has('node')) return 'node';
  if (kinds.has('http')) return profile.summary.primaryLanguage === 'python' ? 'python' : 'http';
  return 'shell';
}

/**
 * Writes a `mark1.plugin.yml` for a scanned repository: one capability per real entry point (the
 * profile's candidates at or above `minConfidence`), inputs as JSON Schema from the CLI definitions
 * or signatures, argv templates that run the program, HTTP calls for routes, dependencies,
 * environment variables (secrets flagged), and network permission when the code uses the network.
 * The manifest is validated with `@mark1/sdk`; `unresolved` says in plain words what is left to a
 * person. Throws `NO_CAPABILITIES` when the repository offers no entry point at all.
 */
export function generateManifest(
  profile: RepositoryProfile,
  options?: GenerateManifestOptions,
): GeneratedManifest {
  const shape = ProfileShapeSchema.safeParse(profile);
  if (!shape.success) {
    throw scannerError(
      ScannerErrorCodes.PROFILE_INVALID,
      `generateManifest needs a RepositoryProfile from scanRepository (schema ${PROFILE_SCHEMA_VERSION}): ${shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
      { issues: shape.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const parsedOptions = GenerateManifestOptionsSchema.safeParse(options ?? {});
  if (!parsedOptions.success) {
    throw scannerError(
      ScannerErrorCodes.SCAN_OPTIONS_INVALID,
      `generateManifest options are not valid: ${parsedOptions.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    );
  }
  const settings = parsedOptions.data;
  const ranked = [...profile.capabilities].sort((a, b) => b.confidence - a.confidence);
  const confident = ranked.filter((candidate) => candidate.confidence >= settings.minConfidence);
  let chosen = confident.slice(0, settings.maxCapabilities);
  const excluded: GeneratedManifest['excluded'] = [];
  for (const candidate of ranked) {
    if (chosen.includes(candidate)) continue;
    excluded.push({
      name: candidate.name,
      confidence: candidate.confidence,
      reason:
        candidate.confidence < settings.minConfidence
          ? `confidence ${candidate.confidence} is under ${settings.minConfidence}`
          : `more than ${settings.maxCapabilities} capabilities`,
    });
  }
  let fallback = false;
  if (chosen.length === 0 && ranked.length > 0) {
    // Better a manifest with an uncertain entry point, clearly marked, than none.
    chosen = ranked.slice(0, 1);
    excluded.shift();
    fallback = true;
  }
  if (chosen.length === 0) {
    throw scannerError(
      ScannerErrorCodes.NO_CAPABILITIES,
      `${profile.name} offers nothing the scanner can call: no command-line program, script with a main guard, console script, bin, HTTP route, agent tool or documented public function was found. ` +
        'Add an entry point (e.g. `if __name__ == "__main__":` with argparse) or write mark1.plugin.yml by hand.',
      { root: profile.root },
    );
  }
  chosen = [...chosen].sort(
    (a, b) => profile.capabilities.indexOf(a) - profile.capabilities.indexOf(b),
  );
  const runtime = runtimeOf(chosen, profile);
  const runtimes = new Set<'python' | 'node'>();
  for (const candidate of chosen) {
    const invocation = candidate.invocation;
    if (
      invocation.kind === 'python_function' ||
      (invocation.kind === 'cli' && invocation.command[0] === 'python3')
    )
      runtimes.add('python');
    if (
      invocation.kind === 'node_function' ||
      (invocation.kind === 'cli' && /^(node|npx|npm)$/.test(invocation.command[0] ?? ''))
    )
      runtimes.add('node');
    if (invocation.kind === 'http' && invocation.start)
      runtimes.add(invocation.start[0] === 'node' ? 'node' : 'python');
  }
  const hasHttp = chosen.some((candidate) => candidate.invocation.kind === 'http');
  const network = networkReason(profile, hasHttp);
  const project = profile.dependencies.project;
  const repositoryFiles = new Set(profile.files.map((file) => file.path));
  // Without a project or README description, a single capability describes the plugin well enough.
  const description =
    profile.description ?? (chosen.length === 1 ? chosen[0]!.description : undefined) ?? '';
  const pluginName = toPluginName(settings.name ?? profile.name);
  const input: PluginManifestInput = {
    schema_version: '1.0',
    plugin: {
      name: pluginName,
      ...(project?.version ? { version: project.version } : {}),
      description,
      ...(project?.license ? { license: project.license } : {}),
      ...(project?.homepage ? { homepage: project.homepage } : {}),
      tags: [
        ...new Set([
          ...(profile.summary.primaryLanguage ? [profile.summary.primaryLanguage] : []),
          ...profile.agents.frameworks.map((f) => f.name),
        ]),
      ],
      runtime,
    },
    capabilities: chosen.map((candidate) => capabilityOf(candidate, repositoryFiles)),
    dependencies: manifestDependencies(profile, runtimes),
    permissions: { network: network !== undefined },
    environment: profile.environment.map((variable) => ({
      name: variable.name,
      required: variable.required,
      secret: variable.secret,
      ...(variable.description ? { description: variable.description } : {}),
      ...(variable.default !== undefined && !variable.secret ? { default: variable.default } : {}),
    })),
    metadata: {
      generated_by: '@mark1/scanner',
      ...(network ? { network_because: network } : {}),
      capabilities: Object.fromEntries(
        chosen.map((candidate) => [
          candidate.name,
          {
            source: candidate.source,
            confidence: candidate.confidence,
            evidence: candidate.evidence
              .slice(0, 3)
              .map((e) => `${e.file}${e.line ? `:${e.line}` : ''} ${e.detail}`),
          },
        ]),
      ),
      ...(profile.agents.pattern !== 'none' ? { agent_pattern: profile.agents.pattern } : {}),
      ...(profile.services.length > 0
        ? { services: profile.services.map((service) => service.id) }
        : {}),
    },
  };
  const parsed = PluginManifestSchema.safeParse(input);
  if (!parsed.success) {
    throw scannerError(
      ScannerErrorCodes.GENERATED_MANIFEST_INVALID,
      `The manifest generated for ${profile.name} does not validate (a scanner bug, please report it): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const unresolved = unresolvedNotes(profile, chosen, excluded, fallback);
  const header = [
    `Generated by @mark1/scanner for ${pluginName}; review it before installing.`,
    ...(unresolved.length > 0
      ? ['Left for a person to check:', ...unresolved.map((note) => `- ${note}`)]
      : []),
  ].join('\n');
  return { manifest: parsed.data, yaml: writeManifest(parsed.data, header), unresolved, excluded };
}
