import { createApp } from 'vue';
import './theme.css';
import App from './App.vue';
import { createConsoleClientForShell } from './api/connect.ts';
import { createEgretI18n, rememberedLocale } from './i18n/index.ts';
import { createEgretRouter } from './router/index.ts';
import { installEgret } from './app-setup.ts';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// The client first: in the browser shell it takes the token out of the address
// before the router starts reading it.
const client = createConsoleClientForShell(window);
const i18n = createEgretI18n(rememberedLocale(localStorageOrNull()));
document.documentElement.lang = i18n.global.locale.value;

const app = createApp(App);
installEgret(app, { client, i18n, router: createEgretRouter() });
client.start();
app.mount('#app');
