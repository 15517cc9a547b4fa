import type { Translation } from '../i18n/strings.ts';

/** 专题图: the printable thematic map (print/). */
export const zh = {
  prExport: '导出专题图 (PNG)',
  prExportPdf: '导出专题图 (PDF)',
  prExporting: '正在生成专题图…',
  prFailed: '专题图生成失败',
  prThematic: '专题图',
  prLatest: '最新',
  prDate: '制图日期',
  prSource: '数据来源：{programme}台账与月报',
  prBasemapBuiltIn: '底图：Natural Earth（内置）',
  prBasemapConfigured: '底图：所配置的底图服务',
  prSynthetic: '合成几何 synthetic geometry：小区红线为示意',
  prNorth: '北',
  prCountsNote: '数字为地图上各类小区个数',
} as const;

export const en: Translation<typeof zh> = {
  prExport: 'Export thematic map (PNG)',
  prExportPdf: 'Export thematic map (PDF)',
  prExporting: 'Composing the thematic map…',
  prFailed: 'The thematic map could not be composed',
  prThematic: 'Thematic map',
  prLatest: 'latest',
  prDate: 'Map date',
  prSource: 'Source: {programme}: plan table and monthly reports',
  prBasemapBuiltIn: 'Basemap: Natural Earth (built in)',
  prBasemapConfigured: 'Basemap: the configured basemap service',
  prSynthetic: '合成几何 synthetic geometry: estate red lines are indicative',
  prNorth: 'N',
  prCountsNote: 'Figures: estates on the map in each class',
};
