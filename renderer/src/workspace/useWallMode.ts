import { onScopeDispose, ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useWorkspaceStore } from '../stores/workspace.ts';

/** A key press typed into a field is the field's, not a shortcut. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * Wall mode (大屏, issue 13): Ctrl+Shift+F toggles this window's wall mode
 * in the workspace (saved, so it holds across restarts); in wall mode the
 * page drops its chrome and asks for fullscreen. Fullscreen needs a user
 * gesture — the key press is one — so a window that starts in wall mode
 * (restored) offers it: F, or the offer's button.
 */
export function useWallMode(doc: Document = document) {
  const store = useWorkspaceStore();
  const { wallMode, entry } = storeToRefs(store);
  const fullscreen = ref(doc.fullscreenElement !== null);

  function goFullscreen(): void {
    // Refused without a gesture, in a frame without permission, or by a headless browser: the window stays as it is.
    doc.documentElement.requestFullscreen?.().catch(() => {});
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.code === 'KeyF') {
      if (!entry.value) return;
      event.preventDefault();
      const on = !wallMode.value;
      void store.setWallMode(on);
      if (on) goFullscreen();
      else if (doc.fullscreenElement) void doc.exitFullscreen().catch(() => {});
      return;
    }
    if (!wallMode.value || fullscreen.value || event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
    if (event.code === 'KeyF') {
      event.preventDefault();
      goFullscreen();
    }
  }
  const onFullscreenChange = () => {
    fullscreen.value = doc.fullscreenElement !== null;
  };

  doc.addEventListener('keydown', onKeydown);
  doc.addEventListener('fullscreenchange', onFullscreenChange);
  onScopeDispose(() => {
    doc.removeEventListener('keydown', onKeydown);
    doc.removeEventListener('fullscreenchange', onFullscreenChange);
  });
  return { wallMode, fullscreen, goFullscreen };
}
