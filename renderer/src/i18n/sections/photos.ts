// UI messages of the photo lightbox (查看大图) every panel with photos shares: zh-CN first, en with exactly the same keys.
export const zh = {
  dialog: '照片',
  close: '关闭（Esc）',
  previous: '上一张（←）',
  next: '下一张（→）',
  position: '第 {n} 张，共 {total} 张',
};

export const en: typeof zh = {
  dialog: 'Photo',
  close: 'Close (Esc)',
  previous: 'Previous (←)',
  next: 'Next (→)',
  position: 'Photo {n} of {total}',
};
