import { stem } from '../text/porter-stemmer';

const stemSet = (text: string): ReadonlySet<string> =>
  new Set(
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => stem(word)),
  );

/** Verbs that start an action in a request ("analyze", "convert", "email"). */
export const ACTION_VERBS = stemSet(`
  analyze analyse assess evaluate examine inspect check calculate compute count measure score rate
  estimate determine detect identify find extract pull get fetch download grab retrieve read load
  open parse scrape crawl convert transform turn change translate transcribe export import save
  store write create generate make build produce compose render draw plot chart graph visualize
  visualise summarize summarise condense shorten compress shrink reduce optimize resize scale crop
  rotate upload publish push send post email mail notify share deliver zip unzip archive pack unpack
  merge join combine split filter sort order dedupe deduplicate remove delete clean redact mask
  anonymize validate verify test lint format scan search list show display print give tell run
  execute process handle clone monitor watch track compare classify categorize tag label cluster
  group aggregate sample hash encrypt decrypt sign backup copy move rename book play buy tweet
  describe report collect gather mine explore review proofread correct spell spellcheck
`);

/**
 * Verbs that say little about which capability is meant ("create a report": the report decides).
 * A match needs at least one word besides these.
 */
export const GENERIC_WORDS = stemSet(`
  create generate make build produce write compose render get do run process handle compute
  calculate perform execute give show tell take use have want need put apply provide return
  text content data file files result results output outputs information info thing things stuff
  document input inputs value values item items
`);

/**
 * Words that refer back to an earlier result ("then chart it", "post the result"). Possessives
 * ("extract its themes") point at the data being worked on, not at a result, so they do not count.
 */
export const BACK_REFERENCES = /\b(?:it|them|the\s+(?:result|results|output|outputs|answer))\b/i;

/** Clauses that hand over data rather than ask for an action ("I have customer feedback: ..."). */
export const CONTEXT_CLAUSE =
  /^(?:(?:i|we)\s+(?:have|had|got|'ve\s+got|am\s+given|was\s+given|collected)|here\s+(?:is|are)|here's|given|this\s+is|these\s+are|attached\s+(?:is|are)|(?:my|our|the)\s+\w+(?:\s+\w+)?\s+(?:is|are))\b/i;

/** A clause that only introduces data with a preposition ("For the review '…'", "With sales.csv"). */
export const INTRODUCING_PREPOSITION =
  /^(?:for|with|about|regarding|concerning|on|given|using|from)\b/i;

/** Nouns for parts of data ("the rows of x", "the lines of y"), which never name a result. */
export const DATA_PART_NOUNS = new Set([
  'row',
  'column',
  'record',
  'entri',
  'field',
  'line',
  'item',
  'cell',
  'valu',
  'content',
  'part',
  'piec',
  'word',
]);

/** Verbs that open a clause naming the data to work on ("Process multiple customer reviews"). */
export const DATA_VERBS = stemSet('process handle take use load open read have given consider');

/** Words that only quantify the data named in a context clause. */
export const QUANTIFIERS = stemSet(
  'multiple several many some all the my our a an few various these those each every lots lot of',
);

/** Markers of running a step once per item. */
export const FOREACH_MARKERS =
  /\b(?:each|every|one\s+by\s+one|individually|separately|all\s+(?:the\s+)?(?:\w+\s+){0,2}(?:in|inside|under|from)\b|all\s+(?:the\s+)?(?:files|images|photos|pictures|documents|reviews|items|rows|pages|urls|links))\b/i;

/** Words that name a step's title (`title`, `subject`, ...). */
export const NAMING_INPUTS = new Set([
  'title',
  'name',
  'heading',
  'subject',
  'caption',
  'label',
  'headline',
]);

/** Input names of a "map of named values" input that collects several results. */
export const COLLECTOR_INPUTS = new Set([
  'sections',
  'parts',
  'fields',
  'values',
  'results',
  'entries',
  'context',
  'variables',
]);

/** Input names that take an email address. */
export const ADDRESS_INPUTS = new Set([
  'to',
  'recipient',
  'recipients',
  'email',
  'address',
  'cc',
  'bcc',
]);

/** Leading verbs dropped from capability names to make short step ids (`analyze-sentiment` → `sentiment`). */
export const STEP_ID_DROPPED_VERBS = new Set([
  'analyze',
  'calculate',
  'compute',
  'create',
  'build',
  'extract',
  'get',
  'make',
  'generate',
  'run',
  'find',
  'detect',
]);

/** Other words a request uses for an input's name. */
export const INPUT_NAME_ALIASES: Readonly<Record<string, readonly string[]>> = {
  title: ['titled', 'called', 'named', 'title'],
  top_n: ['top', 'first'],
  limit: ['top', 'first', 'limit', 'at most'],
  count: ['count', 'number of'],
  by: ['by', 'sorted by'],
  columns: ['columns', 'column'],
  x: ['x', 'x axis', 'x-axis'],
  y: ['y', 'y axis', 'y-axis'],
  query: ['query', 'sql'],
  max_sentences: ['sentences', 'max sentences'],
};
