import type { Translation } from '../i18n/strings.ts';

/** Signing in and out (auth/). */
export const zh = {
  loginTitle: '登录',
  loginUsername: '用户名',
  loginPassword: '密码',
  loginSubmit: '登录',
  loginWrong: '用户名或密码错误',
  loginThrottled: '登录失败次数过多，请 15 分钟后再试',
  loginIncomplete: '请填写用户名和密码',
  loginHint: '演示模式：账号为 admin、planner、leader、designer、reporter-360703，密码见服务器启动日志或 DEMO_PASSWORD。',
  logout: '退出登录',
} as const;

export const en: Translation<typeof zh> = {
  loginTitle: 'Sign in',
  loginUsername: 'Username',
  loginPassword: 'Password',
  loginSubmit: 'Sign in',
  loginWrong: 'Wrong username or password',
  loginThrottled: 'Too many failed attempts; try again in 15 minutes',
  loginIncomplete: 'Enter your username and password',
  loginHint: 'Demo mode: accounts admin, planner, leader, designer, reporter-360703; the password is in the server log at first start, or DEMO_PASSWORD.',
  logout: 'Sign out',
};
