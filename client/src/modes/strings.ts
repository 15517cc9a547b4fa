import type { Translation } from '../i18n/strings.ts';

/** The mode tabs (modes/); each mode's own label lives with its capability. */
export const zh = {
  modes: '工作模式',
  modeBrowse: '浏览',
} as const;

export const en: Translation<typeof zh> = {
  modes: 'Modes',
  modeBrowse: 'Browse',
};
