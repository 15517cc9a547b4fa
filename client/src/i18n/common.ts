import type { Translation } from './strings.ts';

/** Words of the app shell (App.tsx, the language toggle) and words several capabilities share. */
export const zh = {
  // the app shell (App.tsx, LangToggle.tsx)
  appTitle: '城镇老旧小区改造',
  appSubtitle: '规划与监测地图',
  langToggle: 'EN',
  langToggleTitle: 'Switch to English',
  loading: '加载中…',
  loadFailed: '数据加载失败',
  retry: '重试',
  clickHint: '点击地图上的小区，或在下方列表中选择，查看详情。',
  overviewHint: '请选择一个改造计划；地图上的圆点为各计划所在地区。',
  // shared by several capabilities
  noData: '无数据', // estates, zones
  close: '关闭', // estates, accounts
  zonesChooseProgramme: '请先选择一个改造计划。', // zones, scopes
  dbLate: '逾期报送', // dashboard, reports
  dbTargets: '目标任务', // dashboard, milestones
  dbNoProgramme: '请先选择一个改造计划。', // dashboard, reports, milestones
  rfTitle: '填报月报', // estates, reports, dashboard
  // role_*: auth, accounts
  role_admin: '管理员',
  role_planner: '规划人员',
  role_leader: '领导',
  role_designer: '设计单位',
  role_reporter: '填报人员',
  exportProject: '导出项目：{name}', // estates, scopes
  exportEstate: '导出小区：{name}', // estates, scopes
  drawCancel: '取消', // scopes, milestones
  importChoose: '选择文件…', // scopes, plans
  importNoFile: '未选择文件', // scopes, plans
  importPreview: '预览', // scopes, plans, milestones
  // placementTag_*: estates, scopes
  placementTag_provisional_point: '临时',
  placementTag_unplaced: '未落图',
  // units (estates, zones, scopes, reports, dashboard)
  uHouseholds: '户',
  uHousehold: '户',
  uBuildings: '栋',
  uBuilding: '栋',
  uWanYuan: '万元',
  uWanM2: '万㎡',
  uM2: '㎡',
  uYear: '年',
} as const;

export const en: Translation<typeof zh> = {
  // the app shell (App.tsx, LangToggle.tsx)
  appTitle: 'Old-estate renovation',
  appSubtitle: 'Planning & monitoring map',
  langToggle: '中文',
  langToggleTitle: '切换到中文',
  loading: 'Loading…',
  loadFailed: 'Could not load data',
  retry: 'Retry',
  clickHint: 'Click an estate on the map, or pick one from the list below, to see its details.',
  overviewHint: 'Choose a programme; the dots on the map mark where each one is.',
  // shared by several capabilities
  noData: 'No data',
  close: 'Close',
  zonesChooseProgramme: 'Choose a programme first.',
  dbLate: 'Late',
  dbTargets: 'Targets',
  dbNoProgramme: 'Choose a programme first.',
  rfTitle: 'Monthly report',
  role_admin: 'Administrator',
  role_planner: 'Planner',
  role_leader: 'Leader',
  role_designer: 'Designer',
  role_reporter: 'Reporter',
  exportProject: 'Export project: {name}',
  exportEstate: 'Export estate: {name}',
  drawCancel: 'Cancel',
  importChoose: 'Choose file…',
  importNoFile: 'No file chosen',
  importPreview: 'Preview',
  placementTag_provisional_point: 'provisional',
  placementTag_unplaced: 'not placed',
  // units (estates, zones, scopes, reports, dashboard)
  uHouseholds: 'households',
  uHousehold: 'household',
  uBuildings: 'buildings',
  uBuilding: 'building',
  uWanYuan: '× 10k CNY',
  uWanM2: '× 10k m²',
  uM2: 'm²',
  uYear: '',
};
