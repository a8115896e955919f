// UI messages of the intake area: zh-CN first, en with exactly the same keys.
export const zh = {};

export const en: typeof zh = {};
