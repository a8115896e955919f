/**
 * The UI messages compiled at build time (renderer/vite.config.ts), so the
 * page ships vue-i18n's runtime alone: no message compiler to parse, and no
 * message parsed on its first use while the console starts (bench:start).
 * Each message becomes the AST vue-i18n's JIT mode would have made of it
 * (minified, as @intlify/unplugin-vue-i18n emits): the runtime formats an AST
 * with no eval, which `script-src 'self'` requires.
 */
import { baseCompile, type CompileError } from '@intlify/message-compiler';

export type MessageTree = { readonly [key: string]: string | MessageTree };
/** What vue-i18n's runtime takes in place of a message string (core-base's ResourceNode). */
export type PrecompiledMessage = ReturnType<typeof baseCompile>['ast'];
export type PrecompiledTree = { [key: string]: PrecompiledMessage | PrecompiledTree };

/** Every message of `tree` compiled; a message vue-i18n cannot compile fails the build, named by its key. */
export function precompileMessages(tree: MessageTree, prefix = ''): PrecompiledTree {
  const out: PrecompiledTree = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[key] = precompileMessage(path, value);
    else if (value !== null && typeof value === 'object') out[key] = precompileMessages(value, path);
    else throw new Error(`UI message ${path} is a ${typeof value}, not a string`);
  }
  return out;
}

function precompileMessage(path: string, source: string): PrecompiledMessage {
  const errors: CompileError[] = [];
  const { ast } = baseCompile(source, { jit: true, minify: true, location: false, onError: (e) => errors.push(e) });
  if (errors.length > 0) throw new Error(`UI message ${path} does not compile: ${errors.map((e) => e.message).join('; ')} (${JSON.stringify(source)})`);
  return ast;
}
