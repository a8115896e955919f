/**
 * A camera dragged onto the wall: the directory (and anything else that
 * offers cameras) sets this type with the camera's id as its data
 * (issue12-api.md); a tile accepts nothing else, so a dragged file or text
 * never lands on the wall.
 */
export const CAMERA_DRAG_TYPE = 'application/x-egret-camera';
const MAX_ID_LENGTH = 200;

/** Whether a drag carries a camera (its data is readable only on drop). */
export function carriesCamera(data: Pick<DataTransfer, 'types'> | null | undefined): boolean {
  return data?.types.includes(CAMERA_DRAG_TYPE) ?? false;
}

/** The camera id a drop carries, or null when it carries none (or nonsense). */
export function droppedCamera(data: Pick<DataTransfer, 'getData'> | null | undefined): string | null {
  const id = data?.getData(CAMERA_DRAG_TYPE).trim() ?? '';
  return id !== '' && id.length <= MAX_ID_LENGTH && !/\s/.test(id) ? id : null;
}
