const WORD_OR_PLUS = /[\w+]/;

/**
 * The matches `source.matchAll(pattern)` would give, for a pattern whose matches are a run of word
 * characters and `+` followed by `anchor` (such as `redis+tls://…`): only the few places just before
 * each `anchor` are tried, instead of every offset of the source. `sticky` is the pattern with the
 * `y` flag.
 */
export function* anchoredMatches(
  source: string,
  sticky: RegExp,
  anchor: string,
): Generator<RegExpExecArray> {
  let from = 0;
  for (
    let at = source.indexOf(anchor);
    at !== -1;
    at = source.indexOf(anchor, Math.max(at + anchor.length, from))
  ) {
    let start = at;
    while (start > from && WORD_OR_PLUS.test(source[start - 1]!)) start -= 1;
    for (let offset = start; offset < at; offset++) {
      sticky.lastIndex = offset;
      const match = sticky.exec(source);
      if (!match) continue;
      yield match;
      from = sticky.lastIndex;
      break;
    }
  }
}
