import type { Translation } from '../i18n/strings.ts';

/** 操作日志: the audit log (audit/). */
export const zh = {
  modeAudit: '操作日志',
  auditTitle: '操作日志（谁在何时改了什么）',
  auditTable: '数据表',
  auditAll: '全部',
  auditActor: '操作人',
  auditRefresh: '刷新',
  auditEmpty: '暂无记录',
  auditMore: '更早的记录',
  auditBefore: '修改前',
  auditAfter: '修改后',
  auditShowOnMap: '在地图上对比',
  act_insert: '新增',
  act_update: '修改',
  act_delete: '删除',
} as const;

export const en: Translation<typeof zh> = {
  modeAudit: 'Audit log',
  auditTitle: 'Audit log (who changed what, when)',
  auditTable: 'Table',
  auditAll: 'All',
  auditActor: 'User',
  auditRefresh: 'Refresh',
  auditEmpty: 'Nothing recorded yet',
  auditMore: 'Older entries',
  auditBefore: 'Before',
  auditAfter: 'After',
  auditShowOnMap: 'Compare on the map',
  act_insert: 'Added',
  act_update: 'Changed',
  act_delete: 'Deleted',
};
