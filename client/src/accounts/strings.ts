import type { Translation } from '../i18n/strings.ts';

/** 账户管理: accounts (accounts/). */
export const zh = {
  modeAccounts: '账户管理',
  accountsUsername: '用户名',
  accountsRole: '角色',
  accountsRegion: '报送区域',
  accountsRegionPick: '选择区或街道…',
  accountsRegionNoProgramme: '先在上方选择改造计划',
  accountsWholeDistrict: '（全区）',
  accountsCreate: '创建账户',
  accountsPasswordOnce: '{user} 的初始密码（只显示这一次，请转交本人）：',
  accountsLastLogin: '最近登录',
  accountsNever: '从未登录',
  accountsDisabled: '已停用',
  accountsDisable: '停用',
  accountsEnable: '启用',
  accountsReset: '重置密码',
} as const;

export const en: Translation<typeof zh> = {
  modeAccounts: 'Accounts',
  accountsUsername: 'Username',
  accountsRole: 'Role',
  accountsRegion: 'Reports for',
  accountsRegionPick: 'Choose a district or street…',
  accountsRegionNoProgramme: 'Choose a programme above first',
  accountsWholeDistrict: '(whole district)',
  accountsCreate: 'Create account',
  accountsPasswordOnce: 'Initial password for {user} (shown only this once; hand it over):',
  accountsLastLogin: 'Last sign-in',
  accountsNever: 'never',
  accountsDisabled: 'disabled',
  accountsDisable: 'Disable',
  accountsEnable: 'Enable',
  accountsReset: 'Reset password',
};
