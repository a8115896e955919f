/**
 * Vite plugin: the UI messages reach the page precompiled (src/i18n/precompile.ts).
 * The locale roots (src/i18n/zh-CN.ts, en.ts, with the sections they import)
 * are loaded as data at build time and replaced by their compiled form; the
 * build fails if vue-i18n's message compiler still ends up in the bundle,
 * so a runtime compile cannot come back unnoticed (a message left a string
 * would need it). Measured by bench:start: the page no longer parses the
 * compiler nor compiles each message on first use while the console starts.
 */
import type { Plugin } from 'vite';
import { build } from 'esbuild';
import { precompileMessages, type MessageTree } from '../src/i18n/precompile.ts';

/** The modules whose default export is one locale's message tree. */
const LOCALE_ROOT = /[\\/]renderer[\\/]src[\\/]i18n[\\/](?:zh-CN|en)\.ts$/;
const MESSAGE_COMPILER = /[\\/]@intlify[\\/]message-compiler[\\/]/;
/**
 * The compiler proper, as its module renders into a chunk (before minifying).
 * vue-i18n's runtime keeps the module's error constructor, a few lines: that one is fine.
 */
const COMPILER_PROPER = /\bfunction (?:baseCompile|createParser|createTokenizer)\b/;

/** A locale root as a module exporting its precompiled tree, and the files it was made from (relative to its folder). */
export async function precompiledLocaleModule(file: string): Promise<{ code: string; inputs: string[] }> {
  const folder = file.replace(/[\\/][^\\/]+$/, '');
  const bundled = await build({
    entryPoints: [file],
    absWorkingDir: folder,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    metafile: true,
    logLevel: 'silent',
  });
  const module = (await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0]!.text)}`)) as { default?: unknown };
  if (module.default === null || typeof module.default !== 'object') throw new Error(`${file}: its default export is not a message tree`);
  const tree = precompileMessages(module.default as MessageTree);
  // JSON.parse of a string literal is parsed faster than the same object literal (V8).
  return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(tree))});\n`, inputs: Object.keys(bundled.metafile.inputs) };
}

type OutputBundle = Record<string, { type: string; modules?: Record<string, { code: string | null }> }>;

/** Modules of vue-i18n's message compiler whose parser a bundle still carries. */
export function messageCompilerModules(bundle: OutputBundle): string[] {
  return Object.values(bundle).flatMap((chunk) =>
    chunk.type === 'chunk'
      ? Object.entries(chunk.modules ?? {})
          .filter(([id, m]) => MESSAGE_COMPILER.test(id) && COMPILER_PROPER.test(m.code ?? ''))
          .map(([id]) => id)
      : [],
  );
}

export function precompiledMessages(): Plugin {
  return {
    name: 'egret:precompiled-messages',
    enforce: 'pre',
    async load(id) {
      if (!LOCALE_ROOT.test(id)) return null;
      const { code, inputs } = await precompiledLocaleModule(id);
      const folder = id.replace(/[\\/][^\\/]+$/, '');
      for (const input of inputs) this.addWatchFile(`${folder}/${input}`);
      return code;
    },
    generateBundle(_options, bundle) {
      const found = messageCompilerModules(bundle as unknown as OutputBundle);
      if (found.length > 0) {
        this.error(`the renderer bundle carries vue-i18n's message compiler (${found.join(', ')}): UI messages must reach the page precompiled`);
      }
    },
  };
}
