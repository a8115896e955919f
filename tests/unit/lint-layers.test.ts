import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
    ).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('refuses a value import of the API contract in the renderer, allows a type-only one', async () => {
    expect(await ruleIds('renderer/src/bad-example.ts', "import { methods } from '../../native/api/index.ts';\nexport const a = methods;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(
      await ruleIds('renderer/src/good-example.ts', "import type { MethodName } from '../../native/api/index.ts';\nexport const a: MethodName = 'session.info';\n"),
    ).not.toContain('@typescript-eslint/no-restricted-imports');
  });

  it('allows native/ importing within native/', async () => {
    const ids = await ruleIds('native/host/good-example.ts', "import { ApiError } from '../api/index.ts';\nexport const a = ApiError;\n");
    expect(ids).not.toContain('@typescript-eslint/no-restricted-imports');
  });
});
