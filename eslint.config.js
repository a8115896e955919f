// Lint, including the architecture's import rules (ARCHITECTURE.md, "Rules of
// the house" 1): native/ reaches nothing outside native/ and never electron or
// the DOM, and each native/ folder reaches only the folders below it
// (NATIVE_LAYERS); renderer/ reaches native/api type-only, plus the one
// dependency-free rules module by value; electron/ reaches native/ but not
// the renderer.
import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

/**
 * What each folder of native/ may import, besides itself. `api/rules` is the
 * dependency-free rules module (native/api/rules.ts), below everything; the
 * rest of `api` is the console API contract. The table is acyclic
 * (tests/unit/lint-layers.test.ts checks it, and the tree against it).
 */
export const NATIVE_LAYERS = {
  'api/rules': [],
  common: [],
  protocol: ['api/rules', 'common'],
  api: ['api/rules', 'protocol'],
  geo: ['common'],
  store: ['api/rules', 'common', 'protocol', 'api', 'geo'],
  link: ['api/rules', 'common', 'protocol', 'api', 'store'],
  simulator: ['common', 'protocol'],
  warning: ['api/rules', 'common', 'protocol', 'api', 'geo'],
  host: ['api/rules', 'common', 'protocol', 'api', 'geo', 'store', 'link', 'simulator', 'warning'],
  cli: ['api/rules', 'common', 'protocol', 'api', 'geo', 'store', 'link', 'simulator', 'warning', 'host'],
};

const ROOT = dirname(new URL(import.meta.url).pathname);
const RULES_MODULE = 'native/api/rules.ts';

/** The layer of a repository path under native/ (`api/rules` for the rules module), or null. */
export function nativeLayer(path) {
  if (path === RULES_MODULE) return 'api/rules';
  const m = /^native\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
}

/** Where a relative import in `filename` points, as a repository path; null for packages. */
function targetOf(filename, source) {
  if (!source.startsWith('.')) return null;
  return relative(ROOT, resolve(dirname(filename), source)).split('\\').join('/');
}

const typeOnly = (node) =>
  node.importKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));

const layers = {
  rules: {
    /** A native/ file imports only from the layers NATIVE_LAYERS allows its folder. */
    'native-layers': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = relative(ROOT, context.filename).split('\\').join('/');
        const from = nativeLayer(file);
        if (!from || !(from in NATIVE_LAYERS)) return {};
        const check = (node) => {
          if (!node.source || typeof node.source.value !== 'string') return;
          const target = targetOf(context.filename, node.source.value);
          if (target === null) return;
          const to = nativeLayer(target);
          if (to === null) {
            if (!target.startsWith('native/')) context.report({ node, message: `native/ imports nothing outside native/ (${target}).` });
            return;
          }
          if (to === from || (from === 'api' && to === 'api/rules') || (from === 'api/rules' && to === 'api')) {
            if (from === 'api/rules' && target !== file) context.report({ node, message: 'native/api/rules.ts imports nothing: the renderer runs it too.' });
            return;
          }
          if (!NATIVE_LAYERS[from].includes(to)) {
            context.report({ node, message: `native/${from} may not import native/${to} (allowed: ${NATIVE_LAYERS[from].join(', ') || 'nothing'}; eslint.config.js NATIVE_LAYERS).` });
          }
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
    /** The renderer reaches native/ only through native/api, type-only, and native/api/rules.ts by value. */
    'renderer-imports': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const check = (node) => {
          if (!node.source || typeof node.source.value !== 'string') return;
          const target = targetOf(context.filename, node.source.value);
          if (target === null || !target.startsWith('native/')) return;
          if (target === RULES_MODULE) return;
          if (!target.startsWith('native/api/')) {
            context.report({ node, message: `the renderer may import native/api only (${target}).` });
          } else if (!typeOnly(node)) {
            context.report({ node, message: `import the API contract type-only; only ${RULES_MODULE} may be imported by value.` });
          }
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'native/protocol/checks.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'native/ runs without Electron: take what you need as a parameter.' },
            { group: ['vue', 'pinia', 'vue-*', 'leaflet', 'hls.js'], message: 'native/ has no DOM or UI libraries.' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'native/ imports nothing outside native/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['native/**/*.ts'],
    ignores: ['native/**/*.test.ts'],
    plugins: { egret: layers },
    rules: { 'egret/native-layers': 'error' },
  },
  {
    files: ['native/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', 'vue', 'pinia'], message: 'native/api is the contract: schemas only.' },
            { group: nodeBuiltins, message: 'native/api is imported by the renderer: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['native/api/rules.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ImportDeclaration', message: 'native/api/rules.ts imports nothing: the renderer and every layer run it.' }] },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.vue'],
    plugins: { egret: layers },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'the renderer runs in a sandboxed page: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'the renderer talks to the host through the API client only.' },
            { group: ['**/electron/**'], message: 'the renderer does not reach into the Electron shell.' },
          ],
        },
      ],
      'egret/renderer-imports': 'error',
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'electron/ does not import the renderer; it loads its build.' }] },
      ],
    },
  },
);
