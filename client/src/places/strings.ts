import type { Translation } from '../i18n/strings.ts';

/** The programme picker (places/). */
export const zh = {
  programme: '改造计划',
  choosePlace: '选择地区与年度…',
} as const;

export const en: Translation<typeof zh> = {
  programme: 'Programme',
  choosePlace: 'Choose a place and year…',
};
