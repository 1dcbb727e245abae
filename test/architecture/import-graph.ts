/**
 * The import graph of functions/ and the layer rules it must keep. Pure functions over a graph
 * (file -> what it imports), so the rules are tested on tiny synthetic graphs as well as the real one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** An import of one file: a repository path (`functions/domain/case.ts`) or an npm package name. */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

export type Graph = readonly Edge[];

/** `zod/v4` -> `zod`, `@aws-sdk/client-sqs/dist` -> `@aws-sdk/client-sqs`; `node:fs` stays. */
export const packageOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
};

/** Every `.ts` file under `dir`, as paths relative to `root`. */
export const sourceFiles = (root: string, dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });

/** Relative imports become repository paths; bare ones stay package names (static, dynamic and type imports alike). */
export const importsOf = (file: string, source: string): Edge[] =>
  ts.preProcessFile(source, true, true).importedFiles.map(({ fileName }) => ({
    from: file,
    to: fileName.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)) : fileName,
  }));

export const importGraph = (root: string, dir = 'functions'): Graph =>
  sourceFiles(root, dir).flatMap((file) => importsOf(file, readFileSync(path.join(root, file), 'utf8')));

export interface LayerRule {
  /** Files this rule holds for: a path prefix such as `functions/domain/`. */
  readonly files: string;
  readonly why: string;
  /** Whether an import from such a file is allowed. */
  readonly allows: (to: string) => boolean;
}

export interface Violation extends Edge {
  readonly why: string;
}

export const violations = (graph: Graph, rules: readonly LayerRule[]): Violation[] =>
  rules.flatMap((rule) =>
    graph
      .filter((edge) => edge.from.startsWith(rule.files) && !rule.allows(edge.to))
      .map((edge) => ({ ...edge, why: rule.why })),
  );

/** `functions/domain/sla/types.ts` -> `domain`; `functions/ports.ts` and `functions/ports/x.ts` -> `ports`. */
export const layerOf = (file: string): string | undefined => {
  const match = /^functions\/([^/.]+)/.exec(file);
  return match?.[1];
};

/**
 * Groups of top-level folders that import each other in a ring (a -> b -> ... -> a), each as
 * its folders sorted; Tarjan's strongly connected components of the folder graph.
 */
export const folderCycles = (graph: Graph): string[][] => {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of graph) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!a || !b || a === b) continue;
    next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) visit(to);
      if (stack.includes(to)) low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member) group.push(member);
    } while (member && member !== node);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
};

/**
 * Exported hooks that swap or forget what a module holds (`overrideAdapters`, `resetAdapters`):
 * the mark of a global service locator. A function's parts come from its composition root instead.
 */
export const adapterSwapHooks = (file: string, source: string): string[] =>
  [...source.matchAll(/export\s+(?:const|function|let)\s+((?:override|reset)\w*Adapters?\w*|override\w*)\b/g)].map(
    (match) => `${file}: ${match[1]}`,
  );
