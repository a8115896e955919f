import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the lint config is plain JavaScript without types
import { NATIVE_LAYERS, nativeLayer } from '../../eslint.config.js';

// The architecture's import rules are enforced by lint, so breaking a layer
// fails the build. These cases lint code as if it sat in each folder.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint enforces the layers', () => {
  it('refuses native/ importing electron', async () => {
    const ids = await ruleIds('native/host/bad-example.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuses native/ importing the renderer', async () => {
    const ids = await ruleIds('native/store/bad-example.ts', "import { x } from '../../renderer/src/x.ts';\nexport const a = x;\n");
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuses the renderer importing node built-ins or native/ internals', async () => {
    expect(await ruleIds('renderer/src/bad-example.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(
      await ruleIds('renderer/src/bad-example.ts', "import { ConsoleHost } from '../../native/host/console-host.ts';\nexport const a = ConsoleHost;\n"),
    ).toContain('egret/renderer-imports');
  });

  it('refuses a native/ folder importing a folder above it or beside it', async () => {
    const id = 'egret/native-layers';
    expect(await ruleIds('native/link/bad-example.ts', "import { ConsoleHost } from '../host/console-host.ts';\nexport const a = ConsoleHost;\n")).toContain(id);
    expect(await ruleIds('native/store/bad-example.ts', "import { PlatformLink } from '../link/platform-link.ts';\nexport const a = PlatformLink;\n")).toContain(id);
    expect(await ruleIds('native/simulator/city/bad-example.ts', "import { Role } from '../../api/contract.ts';\nexport type A = Role;\n")).toContain(id);
    expect(await ruleIds('native/geo/bad-example.ts', "import type { Position } from '../protocol/frames.ts';\nexport type A = Position;\n")).toContain(id);
    expect(await ruleIds('native/protocol/bad-example.ts', "import { methods } from '../api/contract.ts';\nexport const a = methods;\n")).toContain(id);
    expect(
      await ruleIds('native/api/rules.ts', "import { z } from 'zod';\nexport const a = z;\n"),
      'the rules module imports nothing, not even a package',
    ).toContain('no-restricted-syntax');
  });

  it('allows a native/ folder the layers below it', async () => {
    const id = 'egret/native-layers';
    expect(await ruleIds('native/link/good-example.ts', "import { Welcome } from '../protocol/frames.ts';\nexport const a = Welcome;\n")).not.toContain(id);
    expect(await ruleIds('native/protocol/good-example.ts', "import { ROLES } from '../api/rules.ts';\nexport const a = ROLES;\n")).not.toContain(id);
    expect(await ruleIds('native/host/good-example.ts', "import { startDemoPlatform } from '../simulator/demo.ts';\nexport const a = startDemoPlatform;\n")).not.toContain(id);
  });

  it('lets the renderer import the rules module by value, and nothing else of native/ by value', async () => {
    expect(
      await ruleIds('renderer/src/good-example.ts', "import { commandRefusal } from '../../native/api/rules.ts';\nexport const a = commandRefusal;\n"),
    ).not.toContain('egret/renderer-imports');
    expect(await ruleIds('renderer/src/bad-example.ts', "import { COMMAND_ARGS } from '../../native/api/commands.ts';\nexport const a = COMMAND_ARGS;\n")).toContain(
      'egret/renderer-imports',
    );
  });

  it('refuses a value import of the API contract in the renderer, allows a type-only one', async () => {
    expect(await ruleIds('renderer/src/bad-example.ts', "import { methods } from '../../native/api/index.ts';\nexport const a = methods;\n")).toContain(
      'egret/renderer-imports',
    );
    expect(
      await ruleIds('renderer/src/good-example.ts', "import type { MethodName } from '../../native/api/index.ts';\nexport const a: MethodName = 'session.info';\n"),
    ).not.toContain('egret/renderer-imports');
  });

  it('allows native/ importing within native/', async () => {
    const ids = await ruleIds('native/host/good-example.ts', "import { ApiError } from '../api/index.ts';\nexport const a = ApiError;\n");
    expect(ids).not.toContain('@typescript-eslint/no-restricted-imports');
  });
});

/** Folder → folders it imports, read from the tree's non-test files under native/. */
function nativeFolderGraph(): Map<string, Set<string>> {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'native'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from: string = nativeLayer(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to: string | null = nativeLayer(relative(process.cwd(), resolve(dirname(file), m[1]!)));
      if (to === null || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

function cycleIn(graph: Map<string, Iterable<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

describe('the folders of native/', () => {
  it('are layered: the allowed-imports table has no cycle', () => {
    const table = new Map(Object.entries(NATIVE_LAYERS as Record<string, string[]>));
    expect(cycleIn(table)).toBeNull();
    expect(cycleIn(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), 'the cycle check finds a cycle').toEqual(['a', 'b', 'c', 'a']);
  });

  it('import one way in the tree: no folder cycle, every import allowed by the table', () => {
    const graph = nativeFolderGraph();
    expect(cycleIn(graph)).toBeNull();
    const table = NATIVE_LAYERS as Record<string, string[]>;
    const outside = [...graph].flatMap(([from, tos]) =>
      [...tos].filter((to) => !(table[from] ?? []).includes(to) && !(from === 'api' && to === 'api/rules')).map((to) => `${from} → ${to}`),
    );
    expect(outside).toEqual([]);
    expect([...graph.keys()].sort()).toEqual(expect.arrayContaining(['cli', 'host', 'link', 'simulator', 'store']));
  });
});
