import { stem } from './porter-stemmer';

/**
 * Words people use for the same thing when asking for a capability. Each group is one concept; a
 * word in a request also counts, at a lower weight, as every other word of its groups.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  [
    'analyze',
    'analyse',
    'analysis',
    'analyzer',
    'assess',
    'assessment',
    'evaluate',
    'evaluation',
    'examine',
    'inspect',
  ],
  ['sentiment', 'mood', 'tone', 'emotion', 'feeling', 'opinion', 'polarity', 'attitude'],
  ['chart', 'plot', 'graph', 'visualize', 'visualise', 'visualization', 'diagram', 'draw'],
  ['report', 'summary', 'writeup'],
  ['summarize', 'summarise', 'summary', 'digest', 'recap', 'condense', 'shorten', 'tldr'],
  ['convert', 'conversion', 'transform', 'turn', 'change', 'export', 'save'],
  [
    'stats',
    'statistic',
    'statistics',
    'statistical',
    'describe',
    'descriptive',
    'mean',
    'average',
    'metrics',
    'insight',
    'aggregate',
  ],
  ['readability', 'readable', 'legibility', 'legible', 'flesch'],
  ['theme', 'topic', 'subject', 'motif'],
  ['extract', 'pull', 'find', 'identify', 'detect', 'retrieve'],
  ['create', 'generate', 'make', 'build', 'produce', 'write', 'compose', 'render'],
  ['image', 'picture', 'photo', 'photograph', 'pic', 'img'],
  ['compress', 'compression', 'shrink', 'reduce', 'optimize', 'minify'],
  ['resize', 'scale', 'rescale'],
  ['email', 'mail'],
  ['send', 'post', 'notify', 'share', 'deliver'],
  ['upload', 'publish', 'push', 'store'],
  ['download', 'fetch', 'grab'],
  [
    'text',
    'content',
    'message',
    'comment',
    'review',
    'feedback',
    'paragraph',
    'sentence',
    'article',
  ],
  ['table', 'spreadsheet', 'row', 'column'],
  ['count', 'tally'],
  ['website', 'site', 'webpage', 'page'],
  ['translate', 'translation'],
  ['transcribe', 'transcription', 'transcript', 'speech'],
  ['secret', 'credential', 'password'],
  ['duplicate', 'dedupe', 'deduplicate'],
  ['sort', 'order'],
  ['filter', 'select'],
  ['merge', 'join', 'combine'],
  ['zip', 'archive'],
  ['thumbnail', 'preview'],
  ['weather', 'forecast'],
  ['insight', 'analysis'],
];

const RELATED: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const related = new Map<string, Set<string>>();
  for (const group of SYNONYM_GROUPS) {
    const stems = [...new Set(group.map((word) => stem(word)))];
    for (const member of stems) {
      let set = related.get(member);
      if (!set) {
        set = new Set();
        related.set(member, set);
      }
      for (const other of stems) if (other !== member) set.add(other);
    }
  }
  return related;
})();

/** Stems that mean the same as `termStem` in some group (never `termStem` itself). */
export function relatedStems(termStem: string): ReadonlySet<string> {
  return RELATED.get(termStem) ?? EMPTY;
}

const EMPTY: ReadonlySet<string> = new Set();
