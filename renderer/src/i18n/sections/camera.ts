// UI messages of camera tiles, the camera preview and the video wall: zh-CN first, en with exactly the same keys.
export const zh = {
  state: {
    idle: '未加载',
    connecting: '正在连接',
    playing: '直播',
    stalled: '卡顿，等待画面',
    offline: '摄像头离线',
    error: '播放失败',
  },
  latency: '延迟 {seconds} 秒',
  retry: '重试',
  missing: '本地缓存中没有这个摄像头',
  loadFailed: '读取摄像头失败：{message}',
  loading: '正在读取摄像头…',
  stream: {
    sub: '子码流',
    main: '主码流',
  },
  kind: {
    fixed: '枪机',
    ptz: '云台摄像机',
    dome: '球机',
  },
  status: {
    online: '在线',
    offline: '离线',
  },
  preview: {
    title: '摄像头预览',
    district: '区域',
    road: '道路',
    kind: '类型',
    status: '状态',
    openOnWall: '上墙',
    openOnWallHint: '放到视频墙上播放',
    onWall: '已在视频墙上',
    close: '关闭预览',
    ptzNote: '云台摄像机：平台没有云台控制指令，本控制台不能转动或变焦镜头。',
  },
  wall: {
    title: '视频墙',
    tile: '第 {n} 格',
    empty: '空闲窗口：在地图上点选摄像头，再点“上墙”。',
    remove: '移出视频墙',
  },
};

export const en: typeof zh = {
  state: {
    idle: 'Not loading',
    connecting: 'Connecting',
    playing: 'Live',
    stalled: 'Stalled, waiting for video',
    offline: 'Camera offline',
    error: 'Playback failed',
  },
  latency: '{seconds} s behind',
  retry: 'Retry',
  missing: 'This camera is not in the local cache',
  loadFailed: 'Could not read the camera: {message}',
  loading: 'Reading the camera…',
  stream: {
    sub: 'Sub stream',
    main: 'Main stream',
  },
  kind: {
    fixed: 'Fixed',
    ptz: 'PTZ',
    dome: 'Dome',
  },
  status: {
    online: 'Online',
    offline: 'Offline',
  },
  preview: {
    title: 'Camera preview',
    district: 'District',
    road: 'Road',
    kind: 'Type',
    status: 'Status',
    openOnWall: 'Open on the wall',
    openOnWallHint: 'Play it on the video wall',
    onWall: 'On the wall',
    close: 'Close the preview',
    ptzNote: 'PTZ camera: the platform has no PTZ command, so this console cannot pan, tilt or zoom it.',
  },
  wall: {
    title: 'Video wall',
    tile: 'Tile {n}',
    empty: 'Empty tile: pick a camera on the map, then “Open on the wall”.',
    remove: 'Remove from the wall',
  },
};
