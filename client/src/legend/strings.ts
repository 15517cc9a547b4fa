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
  legendNoMoney: 'This plan has no investment figures (its table lists no money), so no investment rate can be computed: every estate shows as no data',
};
