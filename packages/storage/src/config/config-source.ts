/** Where a configuration value came from. */
export type ConfigSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'file'; readonly path: string; readonly key: string }
  | { readonly kind: 'option'; readonly option: string };

/** A short phrase for a source: `env MARK1_HOME`, `/home/me/.mark1/config.yaml: database.url`, `default`, `--home`. */
export function describeConfigSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'env':
      return `env ${source.variable}`;
    case 'file':
      return `${source.path}: ${source.key}`;
    case 'option':
      return source.option;
  }
}

/** How to change a value that came from `source`, as the end of an error message. */
export function howToChange(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return 'Set it in config.yaml or through its environment variable.';
    case 'env':
      return `Change or unset the environment variable ${source.variable}.`;
    case 'file':
      return `Fix "${source.key}" in ${source.path}.`;
    case 'option':
      return `Pass a different ${source.option}.`;
  }
}
