import { PermissionsSchema } from '@mark1/sdk';
import { describe, expect, it } from 'vitest';
import { effectiveSandboxMode, planSandbox, wrapCommand } from './sandbox-policy';
import { PROTECTIONS, type SandboxSupport } from './sandbox-support';

const permissions = (extra: Record<string, unknown> = {}) => PermissionsSchema.parse(extra);

/** What a machine without bubblewrap but with prlimit reports (a description, not a probe). */
const withoutBwrap: SandboxSupport = {
  root: false,
  bwrap: {
    usable: false,
    network: false,
    identity: 'none',
    problem: 'bubblewrap (bwrap) is not installed',
  },
  prlimit: { path: '/usr/bin/prlimit', usable: true },
  setpriv: {},
  processLimitEnforced: false,
  protections: Object.fromEntries(
    PROTECTIONS.map((protection) => [
      protection,
      ['filesystem', 'network', 'processes'].includes(protection)
        ? { available: false, how: protection, problem: 'bubblewrap (bwrap) is not installed' }
        : { available: true, how: protection },
    ]),
  ) as SandboxSupport['protections'],
};

const limits = { memoryBytes: 1, cpuSeconds: 1, processes: 1, fileSizeBytes: 1, openFiles: 1 };

describe('sandbox policy', () => {
  it('turns the sandbox off only when the manifest and the user both say so', () => {
    expect(effectiveSandboxMode('off', permissions({ sandbox: false }))).toBe('off');
    expect(effectiveSandboxMode('off', permissions())).toBe('preferred');
    expect(effectiveSandboxMode('preferred', permissions({ sandbox: false }))).toBe('preferred');
    expect(effectiveSandboxMode('required', permissions({ sandbox: false }))).toBe('required');
  });

  it('under required, refuses to run without a protection, naming it and why', () => {
    expect(() => planSandbox(withoutBwrap, 'required', permissions(), 'csv-tools')).toThrow(
      expect.objectContaining({
        code: 'SANDBOX_UNAVAILABLE',
        message: expect.stringContaining('filesystem (bubblewrap (bwrap) is not installed)'),
      }),
    );
  });

  it('under preferred, runs with what there is and reports what was missing', () => {
    const plan = planSandbox(
      withoutBwrap,
      'preferred',
      permissions({ network: true }),
      'csv-tools',
    );
    expect(plan.missing.map((item) => item.protection)).toEqual(['filesystem', 'processes']);
    const { argv, report } = wrapCommand(plan, withoutBwrap, {
      argv: ['/usr/bin/true'],
      cwd: '/tmp',
      mounts: [],
      limits,
      tmpSizeBytes: 1,
    });
    expect(argv[0]).toBe('/usr/bin/prlimit');
    expect(argv.at(-1)).toBe('/usr/bin/true');
    expect(report).toMatchObject({
      isolation: 'none',
      network: 'allowed',
      active: ['memory', 'cpu', 'file-size', 'open-files', 'timeout', 'environment'],
    });
  });
});
