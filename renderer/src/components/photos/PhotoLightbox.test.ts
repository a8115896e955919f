// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import PhotoLightbox, { type LightboxPhoto } from './PhotoLightbox.vue';
import { createEgretI18n, type Locale } from '../../i18n/index.ts';

const PHOTOS: LightboxPhoto[] = [
  { id: 'p1', url: 'https://files.example/p1.jpg' },
  { id: 'p2', url: 'https://files.example/p2.jpg' },
  { id: 'p3', url: 'https://files.example/p3.jpg' },
];

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

/** The lightbox as a panel uses it: its own thumbnails in the slot, each opening its photo. */
function mountLightbox(props: { photos: readonly LightboxPhoto[]; label?: string }, locale: Locale = 'zh-CN') {
  wrapper = mount(PhotoLightbox, {
    props: { testid: 'box', ...props },
    slots: {
      default: ({ open }: { open: (id: string, event?: Event) => void }) =>
        props.photos.map((p) =>
          h('button', { type: 'button', 'data-testid': 'thumb', 'data-id': p.id, onClick: (e: Event) => open(p.id, e) }),
        ),
    },
    global: { plugins: [createEgretI18n(locale)] },
    attachTo: document.body,
  });
  return wrapper;
}

const thumb = (w: VueWrapper, id: string) => w.get(`[data-testid="thumb"][data-id="${id}"]`);
const box = (w: VueWrapper) => w.find('[data-testid="box"]');
const shownUrl = (w: VueWrapper) => w.get('[data-testid="box"] img').attributes('src');

describe('PhotoLightbox', () => {
  it('opens the photo clicked as a labelled modal dialog, the keyboard on its close button; Esc closes it and gives focus back to that thumbnail', async () => {
    const w = mountLightbox({ photos: PHOTOS });
    expect(box(w).exists()).toBe(false);

    await thumb(w, 'p2').trigger('click');
    const dialog = w.get('[data-testid="box"]');
    expect(dialog.attributes('role')).toBe('dialog');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(dialog.attributes('aria-label')).toBe('照片');
    expect(shownUrl(w)).toBe('https://files.example/p2.jpg');
    expect(document.activeElement).toBe(w.get('[data-testid="box-close"]').element);
    expect(w.get('[data-testid="box-close"]').text()).toBe('关闭（Esc）');
    // Where it is among the photos, read out with the dialog.
    const position = w.get('[data-testid="box-position"]');
    expect(position.text()).toBe('第 2 张，共 3 张');
    expect(dialog.attributes('aria-describedby')).toBe(position.attributes('id'));

    await dialog.trigger('keydown', { key: 'Escape' });
    expect(box(w).exists()).toBe(false);
    expect(document.activeElement).toBe(thumb(w, 'p2').element);
  });

  it('steps round the photos with the arrow keys and the buttons, the last leading back to the first', async () => {
    const w = mountLightbox({ photos: PHOTOS }, 'en');
    await thumb(w, 'p3').trigger('click');
    await w.get('[data-testid="box"]').trigger('keydown', { key: 'ArrowRight' });
    expect(shownUrl(w)).toBe('https://files.example/p1.jpg');
    expect(w.get('[data-testid="box-position"]').text()).toBe('Photo 1 of 3');
    await w.get('[data-testid="box"]').trigger('keydown', { key: 'ArrowLeft' });
    expect(shownUrl(w)).toBe('https://files.example/p3.jpg');
    await w.get('[data-testid="box-previous"]').trigger('click');
    expect(shownUrl(w)).toBe('https://files.example/p2.jpg');
    await w.get('[data-testid="box-next"]').trigger('click');
    expect(shownUrl(w)).toBe('https://files.example/p3.jpg');
    expect(w.get('[data-testid="box-previous"]').text()).toBe('Previous (←)');
    expect(w.get('[data-testid="box-next"]').text()).toBe('Next (→)');
  });

  it('shows one photo without steps: no arrows, no position, and the arrow keys are left alone', async () => {
    const w = mountLightbox({ photos: [PHOTOS[0]!], label: 'Photos of the report: fallen tree' }, 'en');
    await thumb(w, 'p1').trigger('click');
    const dialog = w.get('[data-testid="box"]');
    expect(dialog.attributes('aria-label')).toBe('Photos of the report: fallen tree');
    expect(dialog.attributes('aria-describedby')).toBeUndefined();
    expect(w.find('[data-testid="box-previous"]').exists()).toBe(false);
    expect(w.find('[data-testid="box-next"]').exists()).toBe(false);
    expect(w.find('[data-testid="box-position"]').exists()).toBe(false);

    const right = new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, cancelable: true });
    dialog.element.dispatchEvent(right);
    expect(right.defaultPrevented).toBe(false);
    expect(shownUrl(w)).toBe('https://files.example/p1.jpg');
  });

  it('closes on a click on the backdrop or the close button, not on the photo itself', async () => {
    const w = mountLightbox({ photos: PHOTOS });
    await thumb(w, 'p1').trigger('click');
    await w.get('[data-testid="box"] img').trigger('click');
    expect(box(w).exists()).toBe(true);
    await w.get('[data-testid="box"]').trigger('click');
    expect(box(w).exists()).toBe(false);
    expect(document.activeElement).toBe(thumb(w, 'p1').element);

    await thumb(w, 'p3').trigger('click');
    await w.get('[data-testid="box-close"]').trigger('click');
    expect(box(w).exists()).toBe(false);
    expect(document.activeElement).toBe(thumb(w, 'p3').element);
  });

  it('keeps the keys it answers from the page behind it, and Tab inside the dialog', async () => {
    const w = mountLightbox({ photos: PHOTOS });
    const reachedPage: string[] = [];
    const listener = (e: KeyboardEvent) => reachedPage.push(e.key);
    document.body.addEventListener('keydown', listener);
    try {
      await thumb(w, 'p1').trigger('click');
      const buttons = w.findAll('[data-testid="box"] button').map((b) => b.element);
      expect(buttons.map((b) => b.getAttribute('data-testid'))).toEqual(['box-previous', 'box-close', 'box-next']);

      // Tab from the last button comes back to the first; Shift+Tab from the first goes to the last.
      (buttons[2] as HTMLElement).focus();
      await w.get('[data-testid="box"]').trigger('keydown', { key: 'Tab' });
      expect(document.activeElement).toBe(buttons[0]);
      await w.get('[data-testid="box"]').trigger('keydown', { key: 'Tab', shiftKey: true });
      expect(document.activeElement).toBe(buttons[2]);

      await w.get('[data-testid="box"]').trigger('keydown', { key: 'ArrowRight' });
      await w.get('[data-testid="box"]').trigger('keydown', { key: 'Escape' });
      expect(box(w).exists()).toBe(false);
      // Tab within the dialog goes on to the page's listeners (nothing to keep from them); the keys the lightbox acted on do not.
      expect(reachedPage).toEqual(['Tab', 'Tab']);
    } finally {
      document.body.removeEventListener('keydown', listener);
    }
  });

  it('closes when the photo shown leaves the list, and stays closed when it comes back', async () => {
    const w = mountLightbox({ photos: PHOTOS });
    await thumb(w, 'p2').trigger('click');
    await w.setProps({ photos: [PHOTOS[0]!, PHOTOS[2]!] });
    expect(box(w).exists()).toBe(false);
    await w.setProps({ photos: PHOTOS });
    expect(box(w).exists()).toBe(false);
  });
});
