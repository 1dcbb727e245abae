import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  adapterSwapHooks,
  type Edge,
  folderCycles,
  importGraph,
  importsOf,
  sourceFiles,
  violations,
} from './import-graph.ts';
import { ALLOWED_CYCLE_EDGES, LAYER_RULES } from './layers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const edge = (from: string, to: string): Edge => ({ from, to });
const sameEdge = (a: Edge) => (b: Edge) => a.from === b.from && a.to === b.to;
const shown = (edges: readonly Edge[]) => edges.map(({ from, to }) => `${from} -> ${to}`);

describe('the import checker', () => {
  it('reads static, type-only, dynamic and re-exported imports, resolving relative paths', () => {
    const source = [
      "import { z } from 'zod';",
      "import type { Case } from '../case.ts';",
      "export { CLOCK_TABLE } from './clock-table.ts';",
      "type Notice = import('../../alerts/notice.ts').Notice;",
      "const load = () => import('node:fs');",
    ].join('\n');

    const edges = importsOf('functions/domain/sla/x.ts', source).map(({ to }) => to);

    expect(edges.sort()).toEqual(
      [
        'zod',
        'functions/domain/case.ts',
        'functions/domain/sla/clock-table.ts',
        'functions/alerts/notice.ts',
        'node:fs',
      ].sort(),
    );
  });

  it('flags a domain file importing config, an AWS SDK or a node builtin, and allows luxon', () => {
    const graph = [
      edge('functions/domain/sla/types.ts', 'functions/config/sla-schema.ts'),
      edge('functions/domain/case.ts', '@aws-sdk/client-dynamodb'),
      edge('functions/domain/case.ts', 'node:fs'),
      edge('functions/domain/escalation.ts', 'luxon'),
      edge('functions/domain/escalation.ts', 'functions/domain/case.ts'),
    ];

    const found = shown(violations(graph, LAYER_RULES));

    expect(found).toEqual([
      'functions/domain/sla/types.ts -> functions/config/sla-schema.ts',
      'functions/domain/case.ts -> @aws-sdk/client-dynamodb',
      'functions/domain/case.ts -> node:fs',
    ]);
  });

  it('flags a use case importing an adapter, an integration or the AWS SDK, and allows ports and the domain', () => {
    const graph = [
      edge('functions/use-cases/a.ts', 'functions/adapters/dynamodb/case-store.ts'),
      edge('functions/use-cases/a.ts', 'functions/integrations/slack.ts'),
      edge('functions/use-cases/a.ts', '@aws-sdk/client-sqs'),
      edge('functions/use-cases/a.ts', 'functions/ports.ts'),
      edge('functions/use-cases/a.ts', 'functions/domain/case.ts'),
      edge('functions/handlers/a.ts', 'functions/adapters/aws-clients.ts'),
    ];

    expect(violations(graph, LAYER_RULES)).toHaveLength(3);
  });

  it('flags a port importing an alert module or a package, and commons importing another layer', () => {
    const graph = [
      edge('functions/ports/notifier.ts', 'functions/alerts/alert.ts'),
      edge('functions/ports.ts', '@aws-sdk/client-sqs'),
      edge('functions/ports.ts', 'functions/ports/metrics.ts'),
      edge('functions/ports/notifier.ts', 'functions/domain/alert.ts'),
      edge('functions/commons/metrics.ts', 'functions/adapters/metrics/catalogue.ts'),
      edge('functions/commons/http.ts', '@middy/core'),
    ];

    expect(shown(violations(graph, LAYER_RULES))).toEqual([
      'functions/ports/notifier.ts -> functions/alerts/alert.ts',
      'functions/ports.ts -> @aws-sdk/client-sqs',
      'functions/commons/metrics.ts -> functions/adapters/metrics/catalogue.ts',
    ]);
  });

  it('finds folders that import each other in a ring, and none in a chain', () => {
    const ring = [
      edge('functions/config/a.ts', 'functions/domain/b.ts'),
      edge('functions/domain/b.ts', 'functions/ports.ts'),
      edge('functions/ports.ts', 'functions/config/c.ts'),
      edge('functions/handlers/h.ts', 'functions/config/a.ts'),
    ];
    const chain = [edge('functions/config/a.ts', 'functions/domain/b.ts'), edge('functions/ports.ts', 'zod')];

    expect(folderCycles(ring)).toEqual([['config', 'domain', 'ports']]);
    expect(folderCycles(chain)).toEqual([]);
  });

  it('finds exported hooks that swap or forget a module-level adapter, and not other resets', () => {
    const source = [
      'export const overrideAdapters = (replacement) => Object.assign(overrides, replacement);',
      'export function resetAdapters() {}',
      'export const overrideClock = (clock) => {};',
      'export const resetSettingsCache = () => {};',
      'export const createHandler = (substitutes = {}) => {};',
    ].join('\n');

    expect(adapterSwapHooks('functions/a.ts', source)).toEqual([
      'functions/a.ts: overrideAdapters',
      'functions/a.ts: resetAdapters',
      'functions/a.ts: overrideClock',
    ]);
  });
});

describe('functions/', () => {
  const graph = importGraph(root);

  it('keeps the domain and the ports free of other layers, use cases free of adapters and commons free of layers', () => {
    expect(shown(violations(graph, LAYER_RULES))).toEqual([]);
  });

  it('has no import cycles between its top-level folders beyond the allow-list', () => {
    const rest = graph.filter((e) => !ALLOWED_CYCLE_EDGES.some(sameEdge(e)));

    expect(folderCycles(rest)).toEqual([]);
  });

  it('has no global adapter registry: no module exports a hook to swap what it holds (roots take substitutes)', () => {
    const hooks = sourceFiles(root, 'functions').flatMap((file) =>
      adapterSwapHooks(file, readFileSync(path.join(root, file), 'utf8')),
    );

    expect(hooks).toEqual([]);
  });

  it('allow-lists only imports that still exist, so the list shrinks as they are removed', () => {
    const gone = ALLOWED_CYCLE_EDGES.filter((allowed) => !graph.some(sameEdge(allowed)));

    expect(shown(gone)).toEqual([]);
  });
});
