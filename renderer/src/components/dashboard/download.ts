import type { Timers } from '../../api/timers.ts';

/**
 * Hands text to the browser as a file download: a Blob behind a temporary
 * `<a download>`, clicked and removed. The page never navigates (the shells
 * block navigation), and the object URL is released once the click is done.
 */
export function saveTextFile(
  filename: string,
  text: string,
  options: { mime?: string; timers?: Pick<Timers, 'setTimeout'>; doc?: Document } = {},
): Blob {
  const doc = options.doc ?? document;
  const blob = new Blob([text], { type: options.mime ?? 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has started from the click; a later revoke keeps slow shells safe.
    const later = options.timers?.setTimeout.bind(options.timers) ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    later(() => URL.revokeObjectURL(url), 10_000);
  }
  return blob;
}
