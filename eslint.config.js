// Lint, including the architecture's import rules (ARCHITECTURE.md, "Rules of
// the house" 1): native/ reaches nothing outside native/ and never electron or
// the DOM; renderer/ reaches only native/api, type-only; electron/ reaches
// native/ but not the renderer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
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
    files: ['native/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*', 'vue', 'pinia'], message: 'native/api is the contract: schemas only.' },
            { group: nodeBuiltins, message: 'native/api is imported by the renderer: no Node built-ins.' },
            { group: ['../*', '!../api/*'], message: 'native/api depends on nothing else in native/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'the renderer runs in a sandboxed page: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'the renderer talks to the host through the API client only.' },
            {
              group: ['**/native/*', '!**/native/api', '!**/native/api/*'],
              message: 'the renderer may import native/api only (type-only).',
            },
            { group: ['**/native/api', '**/native/api/*'], allowTypeImports: true, message: 'import the API contract type-only.' },
            { group: ['**/electron/**'], message: 'the renderer does not reach into the Electron shell.' },
          ],
        },
      ],
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
