import { randomUUID } from 'node:crypto';
import { ApiError, TRANSITIONS, type IncidentStatus, type Params } from '../../api/index.ts';
import type { LinkService } from '../../link/link-service.ts';
import type { Camera } from '../../protocol/entities.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { cameraById } from '../../store/queries/camera.ts';
import { districtTrafficPolice, incidentStatus } from '../../store/queries/video-report.ts';
import { queueCommandsTogether } from '../command-queue.ts';
import type { Handler } from '../console-host.ts';

/** incident.attach's limit (spec §7): 2 MiB of bytes. */
export const SNAPSHOT_MAX_BYTES = 2 * 1024 * 1024;

/** Where a closed, cancelled or merged incident ends: a photo attached there is seen by nobody. */
const ENDED: readonly string[] = ['closed', 'cancelled', 'merged'];

export interface VideoReportDeps {
  data: Pick<DataDir, 'state' | 'cache'>;
  link: Pick<LinkService, 'queueCommands'>;
  workstation: string;
  now?: () => number;
  /** The id the console gives a new incident (tests pass a fixed one). */
  newIncidentId?: () => string;
}

/**
 * `video.report`: from a camera's snapshot to an incident (issue 12). A new
 * incident gets an id chosen here (spec §7: `incident.create` takes `id`), so
 * its `incident.attach` — and the dispatch to the district's traffic police,
 * when asked — can be queued with it at once, offline too: the commands and
 * their audit rows go into the outbox in ONE state.db transaction, in the
 * order the platform must apply them. Everything is checked first (the
 * camera in the cache, the bytes a JPEG within the attach limit, the
 * incident attachable, the traffic police unit known, each command against
 * the role rules); a refusal queues nothing.
 */
export function videoReportHandlers(deps: VideoReportDeps) {
  const newIncidentId = deps.newIncidentId ?? (() => `inc-video-${randomUUID()}`);
  const handlers: { 'video.report': Handler<'video.report'> } = {
    'video.report': (params) => {
      const camera = cameraById(deps.data.cache.db, params.camera);
      if (camera === null) throw new ApiError('not_found', `no camera ${params.camera} in the cache`);
      checkJpeg(params.snapshot);

      const incident = params.incident ?? newIncidentId();
      if (params.incident !== undefined) checkAttachable(deps.data, params.incident, params.notifyTrafficPolice);
      const commands: { name: string; args: Record<string, unknown> }[] = [];
      if (params.create) commands.push({ name: 'incident.create', args: createArgs(incident, camera, params.create) });
      commands.push({
        name: 'incident.attach',
        args: { incident, kind: 'photo', data_base64: params.snapshot, mime: 'image/jpeg', camera: camera.id },
      });
      if (params.notifyTrafficPolice) {
        const unit = districtTrafficPolice(deps.data.cache.db, camera.district);
        if (unit === null) {
          throw new ApiError(
            'not_found',
            `no traffic police unit of district ${camera.district} (camera ${camera.name}) in the cache: nobody to notify`,
          );
        }
        commands.push({ name: 'incident.dispatch', args: { incident, departments: [unit.id] } });
      }

      const queued = queueCommandsTogether(commands, {
        state: deps.data.state,
        cache: deps.data.cache.db,
        workstation: deps.workstation,
        ...(deps.now ? { now: deps.now } : {}),
        enqueueTogether: (checked, by, alongside) => deps.link.queueCommands(checked, by, alongside),
      });
      return { incident, commands: queued.map((q) => q.id) };
    },
  };
  return handlers;
}

/** The new incident: what the operator filed, where the camera is. */
function createArgs(id: string, camera: Camera, filed: NonNullable<Params<'video.report'>['create']>): Record<string, unknown> {
  const carried = (key: 'street' | 'community'): string | undefined => {
    const value = (camera as Record<string, unknown>)[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 60) : undefined;
  };
  const street = carried('street');
  const community = carried('community');
  return {
    id,
    source: 'video',
    category: filed.category,
    priority: filed.priority,
    title: filed.title,
    ...(filed.description !== undefined && filed.description.trim() !== '' ? { description: filed.description } : {}),
    // The camera's name says where it looks ("湖滨南路筼筜段 001"); the board shows it as the address.
    address: camera.name.slice(0, 300),
    lat: camera.lat,
    lng: camera.lng,
    district: camera.district,
    ...(street ? { street } : {}),
    ...(community ? { community } : {}),
  };
}

/** The snapshot's bytes are a whole JPEG (SOI … EOI) within incident.attach's 2 MiB. */
function checkJpeg(base64: string): void {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > SNAPSHOT_MAX_BYTES) {
    throw new ApiError(
      'invalid_params',
      `the snapshot is ${bytes.length} bytes; incident.attach takes at most ${SNAPSHOT_MAX_BYTES} (2 MiB)`,
    );
  }
  const soi = bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const eoi = bytes.length >= 4 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  if (!soi) throw new ApiError('invalid_params', 'the snapshot is not a JPEG (it does not start with FF D8 FF)');
  if (!eoi) throw new ApiError('invalid_params', 'the snapshot JPEG is cut short (it does not end with FF D9)');
}

/**
 * An existing incident takes the photo if the cache holds it (or this
 * console's outbox is about to create it) and it has not ended; a dispatch
 * also needs a status it may be dispatched from (§8 lifecycle).
 */
function checkAttachable(data: Pick<DataDir, 'state' | 'cache'>, id: string, dispatch: boolean): void {
  const status = incidentStatus(data.cache.db, id) ?? (queuedCreate(data, id) ? 'new' : null);
  if (status === null) throw new ApiError('not_found', `no incident ${id} in the cache`);
  if (ENDED.includes(status)) throw new ApiError('conflict', `incident ${id} is ${status}: a snapshot attached there would go unseen`);
  if (dispatch && status !== 'dispatched' && !(TRANSITIONS[status as IncidentStatus] ?? []).includes('dispatched')) {
    throw new ApiError('conflict', `incident ${id} is ${status}: it cannot be dispatched to traffic police now`);
  }
}

/** Whether this console's outbox holds the (not yet answered) create of incident `id`: filed offline a moment ago. */
function queuedCreate(data: Pick<DataDir, 'state'>, id: string): boolean {
  return data.state.pending().some((c) => c.name === 'incident.create' && (c.args as { id?: unknown } | null)?.id === id);
}
