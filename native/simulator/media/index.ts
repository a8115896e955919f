export { startMediaServer, spkiSha256 } from './server.ts';
export type { MediaServer, MediaServerOptions, MediaCamera } from './server.ts';
export { HELD_UNANSWERED, RequestLog, REQUEST_LOG_SIZE, parseStreamPath } from './request-log.ts';
export type { LoggedRequest, RequestKind, RequestLogPage, StreamPath } from './request-log.ts';
export { FaultTable, parseFaultRequest } from './faults.ts';
export type { FaultRequest, MediaFault } from './faults.ts';
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
