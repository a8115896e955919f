export { startMediaServer, spkiSha256 } from './server.ts';
export type { MediaServer, MediaServerOptions, MediaCamera } from './server.ts';
export { loadClips, DEFAULT_VIDEO_DIR, RENDITIONS } from './clips.ts';
export type { ClipLibrary, Look, Rendition, RenditionInfo, Segment } from './clips.ts';
export {
  WINDOW_SEGMENTS,
  cameraOffsetMs,
  discontinuitySequenceOf,
  hashId,
  liveWindow,
  renderMasterPlaylist,
  renderMediaPlaylist,
} from './playlist.ts';
export type { LiveWindow, MediaPlaylistOptions, MasterVariant } from './playlist.ts';
