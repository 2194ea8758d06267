import { Mark1Error } from '../errors';

/** One problem in a manifest, with where it is. */
export interface ManifestProblem {
  /** Where in the manifest, e.g. `capabilities[0].inputs`. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A manifest that cannot be read, with every problem found. */
export class ManifestError extends Mark1Error {
  readonly problems: readonly ManifestProblem[];

  constructor(
    code: string,
    problems: readonly ManifestProblem[],
    filename?: string,
    lead?: string,
  ) {
    const where = (problem: ManifestProblem) =>
      `${filename ?? ''}${problem.line !== undefined ? `${filename ? ':' : 'line '}${problem.line}:${problem.column ?? 1}` : ''}`;
    const lines = problems.slice(0, 12).map((problem) => {
      const position = where(problem);
      const path = problem.path && problem.path !== '(root)' ? `${problem.path}: ` : '';
      return `  - ${position ? `${position}: ` : ''}${path}${problem.message}`;
    });
    const more = problems.length > 12 ? [`  … and ${problems.length - 12} more`] : [];
    super(
      code,
      `${lead ?? `Manifest ${filename ?? ''} is not valid`.replace('  ', ' ')}:\n${[...lines, ...more].join('\n')}`,
      { details: { filename, problems } },
    );
    this.name = 'ManifestError';
    this.problems = problems;
  }
}
