import type { Translation } from '../i18n/strings.ts';

/** The layer panel (layers/) and the names of the layer entries the capabilities declare. */
export const zh = {
  lyPanel: '图层',
  lyToggle: '显示或隐藏图层',
  lyHiddenNote: '已隐藏',
  lyEstates: '小区',
  lyBuildings: '楼栋（三维）',
  lyBuildingsItem: '按所属小区着色（浅色）',
  lyChoropleth: '区域着色',
  lyRegionCounts: '数字为各类区域个数',
  lyPipelines: '管线（按专业）',
  lyCrossings: '交叉冲突点',
  lyConflictsListed: '另有同期、先后冲突 {n} 处，见冲突表',
  lyCorridorItem: '可联合开挖的走廊',
  lyMoratoriumItem: '禁挖期内的道路',
  lyZones: '示范片区',
  lyZoneSaved: '已保存片区',
  lyZoneSelection: '已选小区',
  lyZoneFocus: '当前查看的建议片区',
  lyZoneGap: '断开处（间距）',
} as const;

export const en: Translation<typeof zh> = {
  lyPanel: 'Layers',
  lyToggle: 'Show or hide the layer',
  lyHiddenNote: 'hidden',
  lyEstates: 'Estates',
  lyBuildings: 'Buildings (3D)',
  lyBuildingsItem: "Coloured as their estate (lighter)",
  lyChoropleth: 'Regions coloured',
  lyRegionCounts: 'Figures: regions in each class',
  lyPipelines: 'Pipeline works by utility',
  lyCrossings: 'Crossing conflicts',
  lyConflictsListed: '{n} more conflicts in time (same period, one after the other): see the conflicts table',
  lyCorridorItem: 'Corridor to dig jointly',
  lyMoratoriumItem: 'Road under moratorium',
  lyZones: 'Demonstration zones',
  lyZoneSaved: 'Saved zones',
  lyZoneSelection: 'Selected estates',
  lyZoneFocus: 'Suggested zone in view',
  lyZoneGap: 'Break (gap)',
};
