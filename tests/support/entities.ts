/** Valid §8 entities for tests, with overridable fields. */
export function incident(id: string, rev: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    rev,
    source: '110',
    category: 'public_order.noise',
    priority: 3,
    status: 'new',
    level: 'community',
    title: `噪音扰民 ${id}`,
    description: '楼上深夜装修',
    address: '思明区莲前西路 100 号',
    lat: 24.4798,
    lng: 118.0894,
    district: '350203',
    departments: [],
    volunteers: [],
    reported_at: '2026-11-28T09:00:00+08:00',
    updated_at: '2026-11-28T09:00:00+08:00',
    attachments: [],
    ...extra,
  };
}

export function camera(id: string, rev: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    rev,
    name: `摄像头 ${id}`,
    district: '350206',
    lat: 24.5,
    lng: 118.1,
    kind: 'fixed',
    status: 'online',
    streams: { main: `http://127.0.0.1/hls/${id}/main.m3u8`, sub: `http://127.0.0.1/hls/${id}/sub.m3u8` },
    tags: [],
    ...extra,
  };
}

/** A house-number address of the v1.1 address base (`place`). */
export function place(id: string, rev: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    rev,
    name: '湖滨南路388号',
    kind: 'address',
    district: '350203',
    street: '滨海街道',
    community: '振兴社区',
    lat: 24.4771,
    lng: 118.1102,
    aliases: ['湖滨南388号'],
    ...extra,
  };
}
