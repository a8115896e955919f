import { phoneKey } from '../../../api/rules.ts';
import type { Migration } from '../../migrate.ts';

/**
 * Callers are now known by one normalised number (rules.ts `phoneKey`):
 * `+86 138…`, `0086 138…` and `138…` are one caller, a landline keeps its
 * area code and its extension apart, and short service numbers (110) are no
 * caller at all. Keys written before kept every digit, so the duplicate
 * check missed repeat callers across formats; they are recomputed from the
 * JSON each row holds. Only rows that have a phone are touched.
 */
export const migration: Migration = {
  version: 6,
  name: 'caller-phone-keys',
  up(db) {
    db.function('egret_phone_key', { deterministic: true }, (raw: unknown) => phoneKey(typeof raw === 'string' ? raw : null));
    db.exec(`
      UPDATE incident SET caller_phone = egret_phone_key(json_extract(data, '$.caller.phone')) WHERE caller_phone IS NOT NULL;
      UPDATE call SET caller_phone = egret_phone_key(json_extract(data, '$.caller_phone')) WHERE caller_phone IS NOT NULL;
    `);
  },
};
