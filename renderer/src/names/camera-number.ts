/**
 * A camera's number as an operator reads it on a camera's plate or a wall
 * list ("0345"), from its platform id ("cam-0345"): cameras often share a
 * name (three at one square), and the number tells them apart without
 * showing a platform id. An id of another shape is shown as it is.
 */
export function cameraNumber(id: string): string {
  const match = /^cam-(.+)$/.exec(id);
  return match ? match[1]! : id;
}
