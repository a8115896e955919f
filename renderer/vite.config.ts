import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompiledMessages } from './build/precompiled-messages.ts';

// Vite injects `import.meta.dirname` into the bundled config; typed locally so
// the renderer's DOM-only program does not pull in Node's globals.
const rendererDir = (import.meta as ImportMeta & { dirname: string }).dirname;

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs: the same build is loaded from egret://app/index.html
  // (Electron) and from http://127.0.0.1:PORT/ (browser shell).
  base: './',
  plugins: [vue(), precompiledMessages()],
  resolve: {
    // vue-i18n's runtime: the messages come precompiled (build/precompiled-messages.ts).
    alias: [{ find: /^vue-i18n$/, replacement: 'vue-i18n/dist/vue-i18n.runtime.mjs' }],
  },
  define: {
    // Composition API only: drop vue-i18n's legacy API and devtools hooks.
    __VUE_I18N_LEGACY_API__: 'false',
    // No message compiler shipped: every message is an AST compiled at build time.
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // CSP is `script-src 'self'`: no inline polyfill script; Chromium supports modulepreload.
    modulePreload: { polyfill: false },
    target: 'chrome120',
  },
});
