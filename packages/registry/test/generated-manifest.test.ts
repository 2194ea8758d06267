import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallEvent } from '../src/index';
import { copyFixture } from './support/git';
import { createHarness, type Harness } from './support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
});
afterAll(() => harness?.close());

describe('repositories without a manifest', () => {
  it('are scanned, and the inferred manifest is written, shown and validated', async () => {
    const source = copyFixture('no-manifest-cli', join(harness.work, 'wordfreq'));
    const events: InstallEvent[] = [];
    const result = await harness.registry.install(source, {
      onEvent: (event) => events.push(event),
    });
    expect(result.manifestOrigin).toBe('generated');
    const shown = events.find((event) => event.type === 'manifest');
    expect(shown).toMatchObject({ origin: 'generated', file: 'mark1.plugin.yml' });
    const capability = result.manifest.capabilities[0]!;
    expect(capability.entry_point).toMatchObject({ type: 'cli' });
    expect(Object.keys(capability.inputs.properties)).toEqual(
      expect.arrayContaining(['path', 'top']),
    );
    expect(result.manifest.environment.map((variable) => variable.name)).toContain(
      'WORDFREQ_LANGUAGE',
    );
    expect(existsSync(join(result.path, 'mark1.plugin.yml'))).toBe(true);
    expect(existsSync(join(source, 'mark1.plugin.yml'))).toBe(false);
    expect(readFileSync(join(result.path, 'mark1.plugin.yml'), 'utf8')).toContain('schema_version');
    expect(result.validation?.valid).toBe(true);
  });

  it("offering nothing callable, are refused with the scanner's advice and nothing left behind", async () => {
    const source = copyFixture('nothing-callable', join(harness.work, 'prose'));
    const error = await harness.registry.install(source).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MANIFEST_MISSING' });
    expect((error as Error).message).toMatch(/write mark1\.plugin\.yml by hand/);
    expect(harness.leftovers()).toEqual(['wordfreq']);
    const refused = harness.reopen({ generateManifest: false });
    const without = await refused
      .install(copyFixture('no-manifest-cli', join(harness.work, 'wordfreq-2')))
      .catch((caught: unknown) => caught);
    expect(without).toMatchObject({
      code: 'MANIFEST_MISSING',
      message: expect.stringMatching(/no repository scanner/),
    });
  });
});
