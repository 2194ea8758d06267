import { join } from 'node:path';

/** The files and folders of a Mark-1 home folder. */
export interface HomeLayout {
  /** The home folder itself (`MARK1_HOME`). */
  readonly home: string;
  /** `config.yaml`, read by every Mark-1 process. */
  readonly configFile: string;
  /** The default SQLite database file, `mark1.db`. */
  readonly databaseFile: string;
  /** Where plugins are installed unless `plugins.directory` says otherwise. */
  readonly pluginsDir: string;
  /** Content-addressed artifact files (large step outputs, logs). */
  readonly artifactsDir: string;
  /** Per-run work folders. */
  readonly runsDir: string;
  /** The key that encrypts plugin secrets when `MARK1_SECRET_KEY` is unset. */
  readonly keyFile: string;
}

/** The layout of the home folder `home` (an absolute path). */
export function homeLayout(home: string): HomeLayout {
  return {
    home,
    configFile: join(home, 'config.yaml'),
    databaseFile: join(home, 'mark1.db'),
    pluginsDir: join(home, 'plugins'),
    artifactsDir: join(home, 'artifacts'),
    runsDir: join(home, 'runs'),
    keyFile: join(home, 'secret.key'),
  };
}
