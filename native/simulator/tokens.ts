import type { TokenMap } from './types.ts';

/** The demo tokens of §9: one per role. */
export const DEMO_TOKENS: TokenMap = {
  'demo-chief': { id: 'op-001', name: '值班长 陈', role: 'duty_chief' },
  'demo-taker': { id: 'op-031', name: '接警员 林晓', role: 'call_taker' },
  'demo-video': { id: 'op-052', name: '视频巡查员 王', role: 'video_patroller' },
};
