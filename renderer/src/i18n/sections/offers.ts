// UI messages of volunteer offers (the detail's offer status and its timeline rows): zh-CN first, en with exactly the same keys.
export const zh = {
  title: '志愿者推送',
  offered: '{time} 推送给 {names}',
  offeredBy: '推送人 {actor}',
  state: {
    pending: '等待接单',
    accepted: '已接单',
    expired: '已超时',
  },
  timeLeft: '剩余 {left}',
  noDeadline: '无截止时间',
  acceptedBy: '{name} 已接单',
  expired: '已超时，无人接单',
  expiredAt: '{time} 超时，无人接单',
  declinedBy: '婉拒：{names}',
  someone: '一名志愿者',
  volunteers: '{n} 名志愿者',
  unnamed: '未同步姓名的志愿者',
  separator: '、',
};

export const en: typeof zh = {
  title: 'Volunteer offers',
  offered: 'Offered at {time} to {names}',
  offeredBy: 'Offered by {actor}',
  state: {
    pending: 'Waiting',
    accepted: 'Accepted',
    expired: 'Expired',
  },
  timeLeft: '{left} left',
  noDeadline: 'No deadline',
  acceptedBy: 'Accepted by {name}',
  expired: 'Expired, nobody took it',
  expiredAt: 'Expired at {time}, nobody took it',
  declinedBy: 'Declined: {names}',
  someone: 'a volunteer',
  volunteers: '{n} volunteers',
  unnamed: 'volunteer (name not synced yet)',
  separator: ', ',
};
