import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { OPEN_STATUSES } from '../../../../native/api/rules.ts';
import { useConsoleClient, useTimers } from '../../api/inject.ts';

/** An incident the snapshot may be added to, as the list shows it. */
export interface IncidentChoice {
  id: string;
  title: string;
  status: string;
  address: string | null;
  /** From the camera; null for a match found by text. */
  metres: number | null;
}

/** How far from the camera an open incident is still "near" it, and how many are offered. */
export const NEAR_METRES = 3000;
export const CHOICES_MAX = 8;

/** Great-circle metres between two WGS84 points (haversine; plenty for a few km). */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/**
 * The incidents a snapshot may be attached to: with no query, the open ones
 * nearest the camera (its district's, within NEAR_METRES); with a query, the
 * open ones whose title, description or address match it, and the incident
 * with that id when the query is one. Queries are debounced and a late
 * answer never replaces a newer one.
 */
export function useIncidentChoices(camera: Ref<{ lat: number; lng: number; district: string } | null>, query: Ref<string>) {
  const client = useConsoleClient();
  const timers = useTimers();
  const choices = shallowRef<IncidentChoice[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let asked = 0;
  let debounce: unknown = null;

  async function near(at: { lat: number; lng: number; district: string }): Promise<IncidentChoice[]> {
    const { items } = await client.call('map.incidents', {
      filter: { status: [...OPEN_STATUSES], district: [at.district] },
      closedWithinHours: 0,
    });
    return items
      .map((i) => ({ id: i.id, title: i.title, status: i.status, address: i.address, metres: Math.round(metresBetween(at, i)) }))
      .filter((i) => i.metres <= NEAR_METRES)
      .sort((a, b) => a.metres - b.metres)
      .slice(0, CHOICES_MAX);
  }

  async function matching(text: string): Promise<IncidentChoice[]> {
    const [page, byId] = await Promise.all([
      client.call('incidents.page', { filter: { status: [...OPEN_STATUSES], search: text }, limit: CHOICES_MAX, count: false }),
      /^[\w-]+$/.test(text) ? client.call('incident.get', { id: text }).catch(() => null) : Promise.resolve(null),
    ]);
    const rows = page.rows.map((r) => ({ id: r.id, title: r.title, status: r.status, address: r.address, metres: null }));
    const exact = byId
      ? [
          {
            id: byId.incident.id,
            title: byId.incident.title,
            status: byId.incident.status,
            address: byId.incident.address ?? null,
            metres: null,
          },
        ]
      : [];
    return [...exact, ...rows.filter((r) => r.id !== byId?.incident.id)].slice(0, CHOICES_MAX);
  }

  async function refresh(): Promise<void> {
    const at = camera.value;
    const text = query.value.trim();
    const mine = ++asked;
    loading.value = true;
    try {
      const found = text === '' ? (at ? await near(at) : []) : await matching(text.slice(0, 100));
      if (mine !== asked) return;
      choices.value = found;
      error.value = null;
    } catch (e) {
      if (mine === asked) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  watch(
    [camera, query],
    () => {
      if (debounce !== null) timers.clearTimeout(debounce);
      debounce = timers.setTimeout(() => {
        debounce = null;
        void refresh();
      }, 200);
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    if (debounce !== null) timers.clearTimeout(debounce);
    asked++;
  });

  return { choices, loading, error, refresh };
}
