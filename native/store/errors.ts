/** The database was written by a newer Egret; opening it would risk it. */
export class DatabaseFromTheFutureError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(`${file} is at schema version ${found}, newer than this console knows (${known}): update Egret`);
    this.name = 'DatabaseFromTheFutureError';
  }
}

/** Another live process writes to this data dir. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; command: string; since: string },
  ) {
    super(`data dir ${dir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}); stop it or use another --data`);
    this.name = 'DataDirLockedError';
  }
}

/** A value read back from state.db does not match its schema: it is not trusted. */
export class StoredValueError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`state.db holds an invalid ${key} (${reason}); sign in again`);
    this.name = 'StoredValueError';
  }
}

/** An entity read back from cache.db does not match its schema: it is refused, never shown as if it were valid. */
export class CachedEntityError extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly reason: string,
  ) {
    super(`cache.db holds an invalid ${kind} ${id} (${reason}); cache.db is a copy of the platform: delete it to have it fetched again`);
    this.name = 'CachedEntityError';
  }
}
