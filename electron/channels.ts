/**
 * The two IPC channel names shared by the main process and the preload. They
 * are the whole IPC surface of a console window: everything else travels over
 * the MessagePort these channels hand over.
 */

/** page → main (invoke): "give this window a port to the host". */
export const PORT_REQUEST_CHANNEL = 'egret:request-port';

/** main → page: carries the page's end of a fresh MessageChannel. */
export const PORT_DELIVERY_CHANNEL = 'egret:port';
