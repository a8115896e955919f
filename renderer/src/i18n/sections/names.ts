// Names for what the console otherwise knows only by an identifier (renderer/src/names/): zh-CN first, en with exactly
// the same keys. Mounted at `names`. Command names are nested by their dotted name: t('names.command.incident.create').
export const zh = {
  command: {
    incident: {
      create: '新建事件',
      update: '修改事件',
      transition: '变更状态',
      dispatch: '派单',
      escalate: '升级',
      offer: '推送志愿者',
      note: '备注',
      merge: '合并事件',
      attach: '上传附件',
      followup: '回访',
    },
    warnings: {
      acknowledge: '确认预警',
      dismiss: '排除预警',
      setSettings: '修改预警阈值',
    },
  },
  /** What became of a command in this workstation's audit log. */
  outcome: {
    queued: '已进入发送队列',
    queuedUnverified: '已进入发送队列（角色未核实）',
    applied: '平台已执行',
    refused: '已拒绝：{reason}',
    failed: '失败：{reason}',
  },
  /** What is shown for an identifier the cache cannot name (the identifier itself goes to the title). */
  unknown: {
    unit: '未知单位',
    volunteer: '未知志愿者',
    operator: '未知操作员',
  },
  /** Shown while the names are being read. */
  reading: '…',
  separator: '、',
  timeline: {
    dispatched: '派往：{units}',
    change: '{from} → {to}',
    mergedInto: '合并至 {id}',
  },
  /** Why the platform link last failed (native/link: the link status's lastError.code). */
  linkError: {
    connect: '无法连接平台',
    closed: '连接已断开',
    unauthorized: '令牌无效',
    version: '需要升级控制台',
    protocol: '通信协议错误',
    too_big: '平台数据帧过大',
    http: '平台拒绝连接',
    cache: '本地缓存写入失败',
  },
};

export const en: typeof zh = {
  command: {
    incident: {
      create: 'Create incident',
      update: 'Edit incident',
      transition: 'Change status',
      dispatch: 'Dispatch',
      escalate: 'Escalate',
      offer: 'Offer to volunteers',
      note: 'Note',
      merge: 'Merge incidents',
      attach: 'Attach file',
      followup: 'Follow-up call',
    },
    warnings: {
      acknowledge: 'Acknowledge warning',
      dismiss: 'Dismiss warning',
      setSettings: 'Change warning thresholds',
    },
  },
  outcome: {
    queued: 'Queued to send',
    queuedUnverified: 'Queued to send (role not verified)',
    applied: 'Applied by the platform',
    refused: 'Refused: {reason}',
    failed: 'Failed: {reason}',
  },
  unknown: {
    unit: 'Unknown unit',
    volunteer: 'Unknown volunteer',
    operator: 'Unknown operator',
  },
  reading: '…',
  separator: ', ',
  timeline: {
    dispatched: 'To: {units}',
    change: '{from} → {to}',
    mergedInto: 'Merged into {id}',
  },
  linkError: {
    connect: 'Cannot reach the platform',
    closed: 'Connection closed',
    unauthorized: 'Token refused',
    version: 'Console update required',
    protocol: 'Protocol error',
    too_big: 'Frame too large',
    http: 'Platform refused the connection',
    cache: 'Local cache write failed',
  },
};
