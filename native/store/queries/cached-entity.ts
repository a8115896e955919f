import { checkEntity, type Entity, type EntityKind } from '../../protocol/entities.ts';
import { CachedEntityError } from '../errors.ts';

/**
 * An entity's `data` JSON as read back from cache.db, checked against the
 * same schema it passed on the way in (ARCHITECTURE rule 2). It was valid
 * when applied, so a failure means a damaged file or a row written by a
 * console with other schemas: CachedEntityError, never a silent pass.
 */
export function cachedEntity<K extends EntityKind>(kind: K, id: string, json: string): Entity<K> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new CachedEntityError(kind, id, 'not JSON');
  }
  const checked = checkEntity(kind, data);
  if (!checked.ok) throw new CachedEntityError(kind, id, checked.reason.replace(`${kind}: `, ''));
  if (checked.entity.id !== id) throw new CachedEntityError(kind, id, `its data names ${checked.entity.id}`);
  return checked.entity as Entity<K>;
}
