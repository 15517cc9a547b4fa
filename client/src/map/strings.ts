import type { Translation } from '../i18n/strings.ts';

/** The map's own notices (map/). */
export const zh = {
  outlineNotice: '省界、国界为示意（Natural Earth，约 1 公里精度），非标准地图',
} as const;

export const en: Translation<typeof zh> = {
  outlineNotice: 'Province and country outlines are indicative (Natural Earth, about 1 km), not a standard map (标准地图)',
};
