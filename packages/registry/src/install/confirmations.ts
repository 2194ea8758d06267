import type { PluginManifest } from '@mark1/sdk';
import { registryError, RegistryErrorCodes } from '../errors';
import type { Prompter } from '../prompts/prompter';
import type { ValidationReport } from '../validation/validation-report';

/** Something the user must agree to before an install goes on. */
export interface Confirmation {
  /** `network`, `security`, `dependencies`, `smoke-test`. */
  readonly id: string;
  /** The question, in plain words. */
  readonly message: string;
}

/** What a plugin asks that needs consent: network access, serious findings, dependencies to install. */
export function confirmationsFor(
  manifest: PluginManifest,
  report: ValidationReport,
  dependencies: readonly string[],
): Confirmation[] {
  const confirmations: Confirmation[] = [];
  if (manifest.permissions.network) {
    confirmations.push({
      id: 'network',
      message: `${manifest.plugin.name} asks for network access (permissions.network: true). Allow it?`,
    });
  }
  if (manifest.permissions.filesystem === 'read-write') {
    confirmations.push({
      id: 'filesystem',
      message: `${manifest.plugin.name} asks to write in the folder you run it from (permissions.filesystem: read-write). Allow it?`,
    });
  }
  const serious = report.findings.filter(
    (finding) => finding.severity === 'critical' || finding.severity === 'high',
  );
  if (serious.length) {
    const list = serious
      .slice(0, 5)
      .map((finding) => `${finding.file}:${finding.line} ${finding.message}`)
      .join('; ');
    confirmations.push({
      id: 'security',
      message: `The security scan found ${serious.length} serious issue${serious.length === 1 ? '' : 's'} (${list}${serious.length > 5 ? '; ...' : ''}). Install anyway?`,
    });
  }
  if (dependencies.length) {
    confirmations.push({
      id: 'dependencies',
      message: `Install ${dependencies.length} dependenc${dependencies.length === 1 ? 'y' : 'ies'} into the plugin's own environment (${dependencies.slice(0, 6).join(', ')}${dependencies.length > 6 ? ', ...' : ''})?`,
    });
  }
  return confirmations;
}

/**
 * Gets consent for every confirmation: `yes` agrees to all; a terminal asks each (a "no" throws
 * `CONFIRMATION_DECLINED`); without a terminal, `CONFIRMATION_REQUIRED` lists them all.
 */
export async function confirmAll(
  confirmations: readonly Confirmation[],
  options: { yes: boolean; prompter: Prompter },
): Promise<void> {
  if (confirmations.length === 0 || options.yes) return;
  if (!options.prompter.interactive) {
    throw registryError(
      RegistryErrorCodes.CONFIRMATION_REQUIRED,
      `This needs your consent, and there is no terminal to ask on:\n  - ${confirmations.map((item) => item.message).join('\n  - ')}\nRe-run with --yes to agree. Nothing was installed.`,
      { details: { confirmations: confirmations.map((item) => item.id) } },
    );
  }
  for (const confirmation of confirmations) {
    if (!(await options.prompter.confirm(confirmation.message, false))) {
      throw registryError(
        RegistryErrorCodes.CONFIRMATION_DECLINED,
        `You declined: ${confirmation.message} Nothing was installed.`,
        {
          details: { confirmation: confirmation.id },
        },
      );
    }
  }
}
