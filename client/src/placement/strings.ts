import type { Translation } from '../i18n/strings.ts';

/** 待落图: estates to place on the map (placement/). */
export const zh = {
  toPlaceTitle: '待落图',
  toPlaceHint: '这些小区还没有红线，也没有位置。点“落图”，再在地图上点击小区的大致位置：这是临时位置，待设计单位绘制或导入红线后由红线取代。',
  toPlaceButton: '落图',
  toPlacePlacing: '请在地图上点击“{name}”的位置',
  toPlaceCancel: '取消',
  placementSummary: '已落图 {placed}（红线 {redLine}，临时位置 {points}）· 未落图 {unplaced}',
} as const;

export const en: Translation<typeof zh> = {
  toPlaceTitle: 'To place',
  toPlaceHint: 'These estates have neither a red line nor a location yet. Click “Place”, then the estate’s approximate location on the map: a provisional point, replaced by the red line once a designer draws or imports it.',
  toPlaceButton: 'Place',
  toPlacePlacing: 'Click the map where “{name}” is',
  toPlaceCancel: 'Cancel',
  placementSummary: 'Placed {placed} (red lines {redLine}, provisional points {points}) · to place {unplaced}',
};
