import type { Translation } from '../i18n/strings.ts';

/** The search box (search/). */
export const zh = {
  searchLabel: '查找',
  searchPlaceholder: '查找小区、社区、街道、区县或片区（名称、拼音或首字母）',
  searchNoResults: '没有找到“{q}”：试试名称中的几个字、全拼（jingan）或首字母（jg）',
  searchSearching: '查找中…',
  searchFailed: '查找失败，请稍后再试',
  searchKindEstate: '小区',
  searchKindZone: '片区',
  searchKindCommunity: '社区',
  searchKindStreet: '街道',
  searchKindDistrict: '区县',
  searchNotPlaced: '待落图',
  searchKeys: '↑↓ 选择 · Enter 定位 · Esc 关闭',
} as const;

export const en: Translation<typeof zh> = {
  searchLabel: 'Search',
  searchPlaceholder: 'Find an estate, community, street, district or zone (name, pinyin or initials)',
  searchNoResults: 'Nothing found for “{q}”: try a few characters of the name, its pinyin (jingan) or initials (jg)',
  searchSearching: 'Searching…',
  searchFailed: 'Search failed; try again in a moment',
  searchKindEstate: 'Estate',
  searchKindZone: 'Zone',
  searchKindCommunity: 'Community',
  searchKindStreet: 'Street',
  searchKindDistrict: 'District',
  searchNotPlaced: 'not placed',
  searchKeys: '↑↓ choose · Enter go · Esc close',
};
