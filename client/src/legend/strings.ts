import type { Translation } from '../i18n/strings.ts';

/** The legend overlay and the colour-mode switch (legend/). */
export const zh = {
  colourBy: '着色方式',
  modeProgress: '形象进度',
  modeInvestment: '投资完成率',
  legend: '图例',
  buildingsNote: '楼栋高度 = 层数 × 3 米；放大后显示全部楼栋',
  selectedOutline: '当前选中小区',
  legendProvisional: '临时位置（点选，非红线）',
  legendUnplaced: '未落图 {n} 个小区（不在地图上）',
  legendGroups: '带数字的圆 = 一个区（全国、省级视图）或一个街道（市级视图）在此处的 N 个小区；颜色 = 其平均{mode}',
  legendGroupsNote: '一个瓦片内小区超过 {cap} 个时，按区或街道汇总显示，不丢弃任何小区；放大后显示单个小区',
  legendNoMoney: '本计划没有投资数据（计划表未列投资额），投资完成率无从计算：全部显示为无数据',
} as const;

export const en: Translation<typeof zh> = {
  colourBy: 'Colour by',
  modeProgress: 'Physical progress',
  modeInvestment: 'Investment rate',
  legend: 'Legend',
  buildingsNote: 'Building height = floors × 3 m; zoom in to see all buildings',
  selectedOutline: 'Selected estate',
  legendProvisional: 'Provisional point (clicked, no red line)',
  legendUnplaced: '{n} estates not placed (not on the map)',
  legendGroups: 'Circle with N = the N estates of one district (national, provincial view) or street (city view) there; colour = their mean {mode}',
  legendGroupsNote: 'Where a map tile holds more than {cap} estates they are summed by district or street, none left out; zoom in for single estates',
  legendNoMoney: 'This plan has no investment figures (its table lists no money), so no investment rate can be computed: every estate shows as no data',
};
