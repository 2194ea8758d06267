import { describe, expect, it } from 'vitest';
import { toPluginName } from '@mark1/sdk';
import { createPluginLayout, toVersionLabel } from './plugin-layout';

describe('plugin layout', () => {
  const layout = createPluginLayout('/home/me/.mark1/plugins');

  it('builds folders only from valid names and labels, inside the plugins folder', () => {
    expect(layout.versionDir('text-tools', '1.2.0+abc1234')).toBe(
      '/home/me/.mark1/plugins/text-tools/1.2.0+abc1234',
    );
    for (const name of ['../etc', '.hidden', 'a/b', '', 'UPPER']) {
      expect(() => layout.pluginDir(name), name).toThrow(
        expect.objectContaining({ code: 'PLUGIN_NAME_INVALID' }),
      );
    }
    for (const version of ['..', '../1.0', '1/2', '.1']) {
      expect(() => layout.versionDir('tools', version), version).toThrow(
        expect.objectContaining({ code: 'PATH_OUTSIDE_HOME' }),
      );
    }
  });

  it('refuses stored paths that leave the plugins folder', () => {
    expect(layout.assertInside('/home/me/.mark1/plugins/tools/1.0', 'x')).toBe(
      '/home/me/.mark1/plugins/tools/1.0',
    );
    for (const path of [
      '/home/me/.mark1/plugins',
      '/home/me/.mark1/plugins/../secret.key',
      '/etc',
      '/home/me/.mark1/plugins-evil/x',
    ]) {
      expect(() => layout.assertInside(path, 'a stored path'), path).toThrow(
        expect.objectContaining({ code: 'PATH_OUTSIDE_HOME' }),
      );
    }
  });

  it('sanitizes names and versions from outside', () => {
    expect(toPluginName('../../etc/passwd')).toBe('etc-passwd');
    expect(toPluginName('My Tool')).toBe('my-tool');
    expect(toVersionLabel('v2.0.0 beta/1')).toBe('2.0.0-beta-1');
    expect(toVersionLabel('../../x')).toBe('x');
    expect(toVersionLabel('..')).toBe('0.0.0');
  });
});
