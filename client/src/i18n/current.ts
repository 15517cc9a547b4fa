import type { Lang } from './dict.ts';

/**
 * The UI's language outside React (errors are worded where a failed call is caught, which may be
 * in a query function); I18nProvider keeps it in step with its state.
 */
let current: Lang = 'zh';
export const currentLang = (): Lang => current;
export const setCurrentLang = (lang: Lang): void => {
  current = lang;
};
