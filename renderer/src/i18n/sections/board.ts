// UI messages of the board area: zh-CN first, en with exactly the same keys.
export const zh = {};

export const en: typeof zh = {};
