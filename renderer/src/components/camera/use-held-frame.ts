import { ref, type Ref } from 'vue';

/** HTMLMediaElement.HAVE_CURRENT_DATA: a frame is there to draw. */
const HAVE_CURRENT_DATA = 2;

/**
 * The last frame of a stream held over the tile while it switches between
 * sub and main: the player starts over with the other stream, a second or
 * two without a picture, and a tile going black where a picture was reads
 * as a fault to someone watching a wall. The tile holds it only for the same
 * camera (the last frame of another camera would show the wrong place) and
 * lets go once the new stream plays, or fails.
 */
export function useHeldFrame(video: Readonly<Ref<HTMLVideoElement | null>>, canvas: Readonly<Ref<HTMLCanvasElement | null>>) {
  const held = ref(false);

  /** Draws the frame the video shows now; nothing when it has none. */
  function hold(): void {
    const from = video.value;
    const to = canvas.value;
    if (!from || !to || from.readyState < HAVE_CURRENT_DATA || !from.videoWidth || !from.videoHeight) return;
    const context = to.getContext('2d');
    if (!context) return;
    to.width = from.videoWidth;
    to.height = from.videoHeight;
    context.drawImage(from, 0, 0, to.width, to.height);
    held.value = true;
  }

  function release(): void {
    held.value = false;
  }

  return { held, hold, release };
}
