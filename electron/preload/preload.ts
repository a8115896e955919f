import { ipcRenderer } from 'electron';
import { PORT_DELIVERY_CHANNEL, PORT_REQUEST_CHANNEL } from '../channels.ts';

/**
 * The whole preload. It exposes nothing to the page — no contextBridge API,
 * no ipcRenderer, no process — and only passes the host port through, the
 * "MessagePorts in the main world" pattern from Electron's MessagePort guide.
 * The page listens for a window `message` whose data is 'egret:port' and
 * takes `event.ports[0]`; a new one arrives after every host restart.
 */

// This file is type-checked without the DOM library; these are the only
// page globals it touches.
declare const window: {
  location: { origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void;
  addEventListener(type: 'DOMContentLoaded', listener: () => void, options: { once: boolean }): void;
};

ipcRenderer.on(PORT_DELIVERY_CHANNEL, (event) => {
  // targetOrigin pins delivery to the app's own origin: should the page ever
  // be elsewhere, the port is not handed over.
  window.postMessage(PORT_DELIVERY_CHANNEL, window.location.origin, event.ports);
});

// Ask only once the page's module scripts have run (they run before
// DOMContentLoaded), so its 'message' listener is there to take the port.
// A reload runs this again and gets a fresh port.
window.addEventListener(
  'DOMContentLoaded',
  () => {
    void ipcRenderer.invoke(PORT_REQUEST_CHANNEL);
  },
  { once: true },
);
