/**
 * Finds where a file names a platform or an alert target outside its module folder: a name of a
 * registered module (its id or type, as a word of an identifier or of a string) or something only
 * a module declares (its secrets, settings, route paths, its folder in an import). Comments are
 * prose and not read; `import.meta` is not the Meta platform.
 */
import ts from 'typescript';

export interface ModuleNames {
  /** Ids and types that must not appear as a word: e.g. `meta`, `slack`, `pagerduty`. */
  readonly words: readonly string[];
  /** Names only a module declares: secret and setting names, route paths. */
  readonly declared: readonly string[];
  /** Module folders, e.g. `platforms/x/`, `targets/slack/`. */
  readonly folders: readonly string[];
}

/** `xStep` -> x step, `META_FIELDS` -> meta fields, `/webhooks/x` -> webhooks x. */
export const wordsOf = (text: string): string[] =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());

/** The words and their joined neighbours, so `pagerDuty` also reads as `pagerduty`. */
const wordsAndPairs = (text: string): string[] => {
  const words = wordsOf(text);
  return [...words, ...words.slice(1).map((word, i) => `${words[i]}${word}`)];
};

/** Identifiers and the text of string and template literals, skipping `import.meta`. */
export const literalsOf = (file: string, source: string): string[] => {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isMetaProperty(node)) return;
    if (ts.isIdentifier(node)) found.push(node.text);
    // Code held in a string (an esbuild banner, say) may say import.meta too.
    else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node))
      found.push(node.text.replaceAll('import.meta', 'import'));
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
};

/** A declared name inside a literal, on its own: `/webhooks/x` is not in `/webhooks/xyz`. */
const holds = (text: string, name: string): boolean => {
  const pattern = name.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+');
  return new RegExp(`(?<![A-Za-z0-9_])${pattern}(?![A-Za-z0-9_])`).test(text);
};

/** `file: literal (name)` for every literal of the file that names a module. */
export const moduleNamesIn = (file: string, source: string, names: ModuleNames): string[] =>
  literalsOf(file, source).flatMap((literal) => {
    const word = wordsAndPairs(literal).find((w) => names.words.includes(w));
    const declared = names.declared.find((name) => holds(literal, name));
    const folder = names.folders.find((name) => literal.includes(name));
    const hit = word ?? declared ?? folder;
    return hit ? [`${file}: ${JSON.stringify(literal)} (${hit})`] : [];
  });
