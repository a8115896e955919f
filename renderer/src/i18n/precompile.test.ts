import { describe, expect, it } from 'vitest';
import { isMessageAST } from '@intlify/core-base';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import zhCN from './zh-CN.ts';
import en from './en.ts';
import { precompileMessages, type MessageTree, type PrecompiledTree } from './precompile.ts';
import { messageCompilerModules, precompiledLocaleModule } from '../../build/precompiled-messages.ts';

// Vitest runs this file in Node; the renderer's types know the page's import.meta only.
const HERE = (import.meta as ImportMeta & { dirname: string }).dirname;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function leaves(tree: MessageTree | PrecompiledTree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || isMessageAST(value)) out.set(path, value);
    else for (const [k, v] of leaves(value as MessageTree, path)) out.set(k, v);
  }
  return out;
}

describe('UI messages precompiled at build time', () => {
  it('render in both languages exactly as their sources do, by vue-i18n with no message compiler', async () => {
    // What the renderer's build defines (vite.config.ts): a message left a string could not be rendered.
    (globalThis as { __INTLIFY_DROP_MESSAGE_COMPILER__?: boolean }).__INTLIFY_DROP_MESSAGE_COMPILER__ = true;
    // The build the page gets (vite.config.ts aliases vue-i18n to it); its types are vue-i18n's.
    const runtime: string = 'vue-i18n/dist/vue-i18n.runtime.mjs';
    const { createI18n } = (await import(runtime)) as typeof import('vue-i18n');
    const messages = { 'zh-CN': precompileMessages(zhCN), en: precompileMessages(en) };
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', fallbackLocale: 'en', messages, missingWarn: false, fallbackWarn: false });
    let rendered = 0;
    for (const [locale, source] of [['zh-CN', zhCN], ['en', en]] as const) {
      i18n.global.locale.value = locale;
      for (const [key, text] of leaves(source) as Map<string, string>) {
        const params = Object.fromEntries(placeholders(text).map((p) => [p, `<${p}>`]));
        expect(i18n.global.t(key, params), key).toBe(text.replace(/\{(\w+)\}/g, '<$1>'));
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThan(1000);
  });

  it('render inside <i18n-t> too, a component in a placeholder (the board\'s total)', async () => {
    (globalThis as { __INTLIFY_DROP_MESSAGE_COMPILER__?: boolean }).__INTLIFY_DROP_MESSAGE_COMPILER__ = true;
    const runtime: string = 'vue-i18n/dist/vue-i18n.runtime.mjs';
    const { createI18n, Translation } = (await import(runtime)) as typeof import('vue-i18n');
    const messages = { 'zh-CN': precompileMessages(zhCN), en: precompileMessages(en) };
    for (const [locale, shown] of [['zh-CN', '<span>共 <b>7</b> 起</span>'], ['en', '<span><b>7</b> in all</span>']] as const) {
      const app = createSSRApp({ render: () => h(Translation, { keypath: 'boardArea.total', tag: 'span', scope: 'global' }, { total: () => h('b', '7') }) });
      app.use(createI18n({ legacy: false, locale, messages }));
      // Server rendering marks fragments with comments; the text and the element are what count.
      expect((await renderToString(app)).replace(/<!--[[\]]-->/g, ''), locale).toBe(shown);
    }
  });

  it('the build loads each locale root as a module of compiled messages only, with the same keys', async () => {
    for (const [file, source] of [['zh-CN.ts', zhCN], ['en.ts', en]] as const) {
      const { code, inputs } = await precompiledLocaleModule(`${HERE}/${file}`);
      expect(inputs, file).toContain('sections/board.ts');
      const built = ((await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { default: PrecompiledTree }).default;
      const compiled = leaves(built);
      expect([...compiled.keys()].sort(), file).toEqual([...leaves(source).keys()].sort());
      for (const [key, message] of compiled) expect(isMessageAST(message), `${file} ${key}`).toBe(true);
    }
  });

  it('a message vue-i18n cannot compile fails the build, named by its key', () => {
    expect(() => precompileMessages({ board: { total: '共 {total 起' } })).toThrow(/board\.total does not compile/);
    expect(() => precompileMessages({ board: { total: 3 } } as unknown as MessageTree)).toThrow(/board\.total is a number/);
  });

  it("a bundle still carrying the compiler's parser is named; the runtime's error constructor alone is not", () => {
    const compilerId = '/repo/node_modules/@intlify/message-compiler/dist/message-compiler.mjs';
    const chunk = (code: string) => ({ type: 'chunk', modules: { [compilerId]: { code }, '/repo/renderer/src/main.ts': { code: 'function baseCompile() {}' } } });
    expect(messageCompilerModules({ 'index.js': chunk('const X = 17;\nfunction createCompileError(code) {}\n') })).toEqual([]);
    expect(messageCompilerModules({ 'index.js': chunk('function createParser(options = {}) {}\nfunction baseCompile(source) {}\n') })).toEqual([compilerId]);
    expect(messageCompilerModules({ 'index.css': { type: 'asset' } })).toEqual([]);
  });
});
