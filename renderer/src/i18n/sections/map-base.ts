// UI messages of the base map (renderer/src/map/base) and the intake's location picker: zh-CN first, en with exactly the same keys.
export const zh = {
  region: '厦门市地图',
  tilesFailed: '地图服务器 {origin} 无法加载图块，已改用离线底图（仅区界）。',
  offlineBase: '离线底图',
  offlineAttribution: '区界：源自高德地图（演示数据）',
  closeNotice: '关闭提示',
  measure: {
    button: '测距',
    start: '测量距离：在地图上逐点单击，Esc 结束',
    hint: '单击添加测点，Esc 结束',
    total: '总长 {distance}',
    metres: '{n} 米',
    kilometres: '{n} 公里',
  },
  picker: {
    title: '地图定位',
    show: '在地图上定位',
    showCandidates: '在地图上查看 {n} 个候选位置',
    hide: '收起地图',
    hint: '在地图上单击或拖动图钉，靠近地址库中的地点时自动吸附。',
    snapped: '已吸附到：{name}（{metres} 米）',
    unsnapped: '图钉位置：{lat}, {lng}（附近 {metres} 米内无地址库地点）',
    geocoded: '地址解析位置：{name}',
    failed: '无法查询附近地点：{message}',
  },
};

export const en: typeof zh = {
  region: 'Map of Xiamen',
  tilesFailed: 'The map server {origin} did not deliver tiles; showing the offline base map (district boundaries only).',
  offlineBase: 'Offline base map',
  offlineAttribution: 'Districts: derived from AMap (demo data)',
  closeNotice: 'Close the notice',
  measure: {
    button: 'Measure',
    start: 'Measure a distance: click point after point on the map, Esc ends',
    hint: 'Click to add a point, Esc ends',
    total: 'Total {distance}',
    metres: '{n} m',
    kilometres: '{n} km',
  },
  picker: {
    title: 'Location on the map',
    show: 'Place on the map',
    showCandidates: 'See the {n} candidates on the map',
    hide: 'Hide the map',
    hint: 'Click on the map or drag the pin; near a place of the address base it snaps to it.',
    snapped: 'Snapped to {name} ({metres} m)',
    unsnapped: 'Pin at {lat}, {lng} (no place of the address base within {metres} m)',
    geocoded: 'Geocoded location: {name}',
    failed: 'Could not look up nearby places: {message}',
  },
};
