// Chinese is the console's working language; en.ts must carry the same keys.
import * as intake from './sections/intake.ts';
import * as board from './sections/board.ts';
import * as dashboard from './sections/dashboard.ts';
import * as offers from './sections/offers.ts';
import * as categories from './sections/categories.ts';
import * as names from './sections/names.ts';
import * as cityMap from './sections/map.ts';
import * as camera from './sections/camera.ts';
import * as mapBase from './sections/map-base.ts';
import * as volunteers from './sections/volunteers.ts';
import * as photos from './sections/photos.ts';
import * as wall from './sections/wall.ts';
import * as tours from './sections/tours.ts';
import * as videoReport from './sections/video-report.ts';
import * as cameraDirectory from './sections/camera-directory.ts';
import * as workspace from './sections/workspace.ts';
import * as warnings from './sections/warnings.ts';

const zhCN = {
  app: {
    name: '鹭 Egret',
    tagline: '公共安全指挥控制台',
    main: '主内容',
  },
  nav: {
    label: '角色视图',
    shortcut: '快捷键 Alt+{n}',
  },
  roles: {
    duty_chief: '值班长',
    call_taker: '接警员',
    video_patroller: '视频巡查员',
    none: '无角色',
  },
  locale: {
    label: '界面语言',
    'zh-CN': '中文',
    en: 'English',
  },
  session: {
    signOut: '退出登录',
    notSignedIn: '未登录',
    workstation: '工作站',
    signOutFailed: '退出登录失败：{message}',
  },
  signIn: {
    demoTitle: '演示平台',
    demoIntro: '本控制台连接的是内置的演示平台（模拟的厦门）。选择一个角色登录：',
    title: '登录',
    intro: '输入平台为本席位签发的令牌。',
    tokenLabel: '平台令牌',
    tokenHint: '按 Enter 提交',
    submit: '登录',
    submitting: '正在登录…',
    failed: '登录失败',
    noPlatformTitle: '尚未配置平台',
    noPlatform: '本控制台尚未配置城市平台地址，暂时无法登录，也没有实时数据。',
    preview: '可预览三个角色视图（仅为布局，无数据）：',
    waitingForRole: '令牌已保存，正在等待平台确认你的身份和角色…',
    hostUnreachable: '无法连接控制台主机，连接恢复后将自动继续。',
    loading: '正在读取会话…',
    tokenMissing: '请输入令牌。',
    awaitingPlatform: '正在等待平台确认令牌…',
    unanswered: '令牌已保存，但平台尚未应答（链路：{state}）。平台一应答即自动登录。',
    refused: '平台拒绝了该令牌：令牌错误或已过期，请重新输入。',
    platformSaid: '平台的说明：{message}',
  },
  link: {
    title: '平台链路',
    state: {
      unconfigured: '未配置',
      signed_out: '未登录',
      offline: '离线',
      connecting: '正在连接',
      snapshot: '正在同步快照',
      live: '实时',
      unauthorized: '令牌无效',
      update_required: '需要升级',
    },
    cursor: '游标',
    head: '平台最新',
    lag: '滞后',
    progress: '已接收 {items} 条（{parts} 段）',
    retryAt: '将于 {time} 重试',
    lastError: '最近错误',
    outbox: '待平台确认的指令 {count} 条',
    quarantine: '已隔离的异常数据 {count} 条',
    since: '自 {time}',
    unknown: '未知',
  },
  connection: {
    label: '主机连接',
    state: {
      connecting: '正在连接主机',
      connected: '已连接主机',
      lost: '与主机断开',
      closed: '已关闭',
    },
    lostBanner: '本窗口与控制台主机的连接已断开，显示的数据可能已过时，操作不会发送。',
    retryAt: '将于 {time} 重连',
    reason: '原因：{reason}',
  },
  status: {
    shell: {
      electron: '桌面版',
      browser: '浏览器版',
    },
    version: '版本 {version}',
    operator: '操作员',
    clock: '当前时间',
    platformTime: '平台时间（{zone}）',
    platformClock: '平台',
    localClock: '本机',
    embeddedPlatform: '内置演示平台',
  },
  errors: {
    invalid_params: '输入不符合要求',
    unknown_method: '主机不支持该操作',
    bad_frame: '通信格式错误',
    forbidden: '当前角色无权执行该操作',
    unauthenticated: '请先登录',
    not_found: '未找到',
    conflict: '数据已被他人修改',
    unavailable: '暂不可用',
    internal: '主机内部错误',
    invalid: '参数不符合平台要求',
    unknown: '原因不明',
  },
  views: {
    placeholder: '占位：将在后续版本中实现，目前没有数据。',
    preview: '预览模式：未配置平台，所有角色视图均可查看。',
    refused: '你的角色不能打开“{view}”视图，已返回你的视图。',
    linkPanel: '链路状态',
    signedOutFigures: '登录后，这里显示进行中的事件和今日数据。',
    chief: {
      title: '值班长工作台',
      description: '监看今日总量与每小时接警图表、地图和视频墙；升级、结案并协调各部门。',
      panels: {
        hourly: '每小时接警量柱状图（实时更新）',
        map: '地图：事件与在岗志愿者',
        escalations: '待升级与跨部门协调事件',
      },
    },
    taker: {
      title: '接警员工作台',
      description: '接听 110/119/122/12345 来电，快速录入事件，查找重复警情，派发部门和志愿者。',
      panels: {
        intake: '接警录入表单',
        duplicates: '疑似重复事件',
        dispatch: '派单：部门与最近的志愿者',
      },
    },
    video: {
      title: '视频巡查员工作台',
      description: '轮巡摄像头，发现事件和拥堵点，附截图上报并通知相关部门。',
      panels: {
        wall: '视频墙（多屏摄像头画面）',
        cameras: '摄像头列表与轮巡计划',
        report: '截图上报事件',
        congestion: '拥堵点与通知交警',
      },
    },
  },
  incident: {
    status: {
      new: '新建',
      verified: '已核实',
      dispatched: '已派单',
      accepted: '已接单',
      on_scene: '已到场',
      resolved: '已处置',
      closed: '已结案',
      cancelled: '已取消',
      merged: '已合并',
    },
    priority: '优先级 {n}',
    overdue: '超时',
    noDistrict: '区域未知',
  },
  // Xiamen's districts by administrative division code (行政区划代码).
  districts: {
    '350203': '思明区',
    '350205': '海沧区',
    '350206': '湖里区',
    '350211': '集美区',
    '350212': '同安区',
    '350213': '翔安区',
  },
  today: {
    title: '今日数据',
    day: '平台日期',
    tz: '时区 {tz}',
    callsReceived: '接警总数',
    callsAnswered: '已接听',
    answerRate: '接通率',
    criminal: '刑事案件',
    open: '未结事件',
    openByPriority: '未结事件（按优先级）',
    overdue: '超时未处置',
    roads: '道路状况',
    road: {
      smooth: '畅通',
      slow: '缓行',
      congested: '拥堵',
      blocked: '阻断',
    },
    loading: '正在读取今日数据…',
    failed: '读取今日数据失败：{message}',
  },
  notices: {
    label: '通知',
    dismiss: '关闭通知',
    commandFailed: '“{name}”未能执行',
    level: {
      info: '提示',
      warn: '警告',
      error: '失败',
    },
  },
  diag: {
    title: '诊断：链路测试',
    description: '发送一段文字，主机会通过实时推送把它发回来，以验证实时往返。',
    inputLabel: '测试文字',
    send: '发送',
    received: '已收到',
    empty: '尚未收到任何回显。',
    failed: '发送失败：{message}',
  },
  intakeArea: intake.zh,
  boardArea: board.zh,
  dashboardArea: dashboard.zh,
  offersArea: offers.zh,
  volunteersArea: volunteers.zh,
  photos: photos.zh,
  categories: categories.zh,
  names: names.zh,
  cityMap: cityMap.zh,
  camera: camera.zh,
  wall: wall.zh,
  tours: tours.zh,
  videoReport: videoReport.zh,
  cameraDirectory: cameraDirectory.zh,
  mapBase: mapBase.zh,
  workspace: workspace.zh,
  warnings: warnings.zh,
};

export default zhCN;
export type MessageSchema = typeof zhCN;
