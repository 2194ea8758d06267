import { literalAt, type MaskedSource } from './source-text';

/** What a module defines at its top level, as far as entry-point checks need. */
export interface ModuleOutline {
  /** Top-level functions, classes and assigned names (Python), or exported names (JavaScript; `default` included). */
  readonly names: ReadonlySet<string>;
  /** `Class.method` for methods of top-level classes (Python). */
  readonly methods: ReadonlySet<string>;
  /** Line of each name, for messages. */
  readonly lines: ReadonlyMap<string, number>;
}

function python(source: MaskedSource): ModuleOutline {
  const names = new Set<string>();
  const methods = new Set<string>();
  const lines = new Map<string, number>();
  let currentClass: string | undefined;
  let classIndent = -1;
  const add = (name: string, line: number) => {
    if (!names.has(name)) lines.set(name, line);
    names.add(name);
  };
  source.masked.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    const indent = /^[ \t]*/.exec(text)![0].length;
    if (currentClass !== undefined && indent <= classIndent) currentClass = undefined;
    const definition = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/.exec(text);
    const classDefinition = /^([ \t]*)class[ \t]+([A-Za-z_]\w*)/.exec(text);
    if (indent === 0) {
      if (definition) add(definition[2]!, line);
      else if (classDefinition) {
        add(classDefinition[2]!, line);
        currentClass = classDefinition[2]!;
        classIndent = 0;
      } else {
        const imported = /^from[ \t]+[\w.]+[ \t]+import[ \t]+\(?([^)#]*)/.exec(text);
        if (imported) {
          for (const part of imported[1]!.split(',')) {
            const alias = /([A-Za-z_]\w*)(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?/.exec(part.trim());
            if (alias) add(alias[2] ?? alias[1]!, line);
          }
        }
        const assigned = /^([A-Za-z_]\w*)[ \t]*(?::[^=]*)?=(?!=)/.exec(text);
        if (assigned) add(assigned[1]!, line);
      }
    } else if (currentClass !== undefined && definition) {
      methods.add(`${currentClass}.${definition[2]!}`);
      lines.set(`${currentClass}.${definition[2]!}`, line);
    }
  });
  return { names, methods, lines };
}

function javascript(source: MaskedSource): ModuleOutline {
  const names = new Set<string>();
  const lines = new Map<string, number>();
  const add = (name: string, offset: number) => {
    if (!names.has(name)) lines.set(name, source.position(offset).line);
    names.add(name);
  };
  const text = source.masked;
  for (const match of text.matchAll(
    /\bexport[ \t]+(?:async[ \t]+)?(?:function\*?|const|let|var|class)[ \t]+([A-Za-z_$][\w$]*)/g,
  ))
    add(match[1]!, match.index);
  for (const match of text.matchAll(/\bexport[ \t]+default\b/g)) add('default', match.index);
  for (const match of text.matchAll(/\bexport[ \t]*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const alias = /([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*|S\d+))?/.exec(part.trim());
      if (alias) add(literalAt(source, alias[2]) ?? alias[2] ?? alias[1]!, match.index);
    }
  }
  for (const match of text.matchAll(/\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g))
    add(match[1]!, match.index);
  for (const match of text.matchAll(/\bmodule\.exports\s*=\s*(\{[^}]*\})?/g)) {
    add('default', match.index);
    for (const part of (match[1] ?? '').replace(/[{}]/g, '').split(',')) {
      const key = /^\s*([A-Za-z_$][\w$]*)/.exec(part);
      if (key) add(key[1]!, match.index);
    }
  }
  return { names, methods: new Set(), lines };
}

/** The outline of a Python or JavaScript module (see {@link ModuleOutline}). */
export function outlineModule(source: MaskedSource): ModuleOutline {
  return source.language === 'python' ? python(source) : javascript(source);
}
