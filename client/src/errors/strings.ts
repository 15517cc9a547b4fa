import type { ErrorCode } from '../../../shared/errors/codes.ts';

/**
 * What each API error code says to the user, in Chinese and English, from the error's details
 * (row, column, field, limit …). The server's own message is English for developers and logs;
 * the UI never shows it (client/src/errors/describe.ts). tsc proves that every code of
 * shared/errors/codes.ts has both words; tests/unit/error-strings.test.ts checks they are filled.
 */
export type Details = Record<string, unknown> & { [key: string]: unknown };
export type Words = string | ((d: Details) => string);
export interface ErrorWords {
  zh: Words;
  en: Words;
}

const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('zh-CN') : String(v ?? '?'));
const mb = (bytes: unknown) => (typeof bytes === 'number' ? `${Math.round(bytes / 2 ** 20)} MB` : '?');
const minutes = (s: unknown) => (typeof s === 'number' ? Math.max(1, Math.ceil(s / 60)) : '?');

export const ERROR_STRINGS: Record<ErrorCode, ErrorWords> = {
  bad_request: { zh: '请求中有参数缺失或格式不对', en: 'A value in the request is missing or malformed' },
  bad_id: { zh: '编号只能是十进制数字', en: 'An id must be plain decimal digits' },
  bad_json: { zh: '请求内容不是 JSON', en: 'The request body is not JSON' },
  too_deep: { zh: (d) => `内容嵌套超过 ${n(d.max)} 层（上限），无法读取`, en: (d) => `The content nests deeper than ${n(d.max)} levels (the limit)` },
  payload_too_large: { zh: (d) => `文件超过上限 ${mb(d.limitBytes)}，请拆分后再上传`, en: (d) => `The upload is over the ${mb(d.limitBytes)} limit: split it` },
  over_limit: {
    zh: (d) => `文件超出上限${d.max !== undefined ? `（上限 ${n(d.max)}）` : ''}，未读取任何内容；请拆分或简化后再上传`,
    en: (d) => `The file is over a limit${d.max !== undefined ? ` (${n(d.max)})` : ''}; nothing was read: split or simplify it`,
  },
  too_large_to_read: { zh: (d) => `读取该文件需要超过 ${n(d.limitMb)} MB 内存，请拆分后再上传`, en: (d) => `Reading the file needs more than ${n(d.limitMb)} MB: split it` },
  unsupported_media_type: { zh: '请以文件上传的方式提交（multipart/form-data）', en: 'Send it as a file upload (multipart/form-data)' },
  unsupported_file: { zh: '不支持这种文件类型', en: 'This kind of file is not accepted here' },
  confirmation_required: { zh: '此操作需要再次确认：请按提示输入确认内容', en: 'This needs a confirmation: type what is asked' },
  not_found: { zh: '找不到要查的记录（可能已被删除）', en: 'Not found (it may have been deleted)' },
  http_error: { zh: '请求被拒绝', en: 'The request was refused' },
  internal: { zh: '服务器出错，本次操作未生效；请稍后重试', en: 'A server fault: nothing was applied; try again later' },

  unauthenticated: { zh: '登录已失效，请重新登录', en: 'Your session has ended: log in again' },
  bad_credentials: { zh: '用户名或密码不正确', en: 'Wrong username or password' },
  too_many_attempts: {
    zh: (d) => `登录尝试次数过多，请 ${minutes(d.retryAfterSeconds)} 分钟后再试`,
    en: (d) => `Too many login attempts: try again in ${minutes(d.retryAfterSeconds)} min`,
  },
  forbidden: { zh: '当前角色无权进行此操作', en: 'Your role may not do this' },
  csrf: { zh: '页面已过期，请刷新后重试', en: 'The page is out of date: reload and try again' },
  cross_site: { zh: '请从本系统页面登录', en: 'Log in from the app itself' },
  outside_region: { zh: (d) => `超出您负责的片区${d.region ? `（${d.region}）` : ''}`, en: (d) => `Outside the region you report for${d.region ? ` (${d.region})` : ''}` },

  username_taken: { zh: '该用户名已存在', en: 'That username exists already' },
  last_admin: { zh: '这是最后一个启用的管理员，请先设置另一位管理员', en: 'This is the last active admin: make another admin first' },
  own_account: { zh: '不能停用自己的账户或取消自己的管理员角色，请请其他管理员操作', en: 'You cannot disable or demote your own account; ask another admin' },
  region_required: { zh: '填报员账户需要指定负责的街道或区县', en: 'A reporter account needs the street or district they report for' },

  unknown_region: { zh: '没有这个行政区划代码', en: 'No region with that code' },
  outside_china: { zh: '该位置不在中国境内，请重新选点', en: 'That point is outside China: pick again' },
  outside_province: { zh: '该位置不在小区所在省份内，请重新选点', en: "That point is outside the estate's province: pick again" },

  stale_version: { zh: '数据已被他人修改，请刷新后再操作', en: 'Someone changed this since you read it: reload and try again' },
  write_conflict: { zh: '有人同时在修改相同数据，未保存；请再提交一次', en: 'Someone was saving the same data at the same moment; nothing was saved: send again' },
  conflict: { zh: '与已有数据冲突（例如重复），未保存', en: 'It conflicts with existing data (e.g. a duplicate); nothing was saved' },
  invalid_value: { zh: '数据库拒绝了一个取值，未保存', en: 'The database refused a value; nothing was saved' },
  preview_stale: { zh: '自预览以来文件或数据已变化，请查看新的预览后再确认', en: 'The file or data changed since the preview: check the new preview and confirm again' },

  plan_exists: { zh: '该区县这一年度的计划已存在，未导入；请在计划管理中替换其表格', en: 'That district already has a plan for the year; nothing was imported: replace its table instead' },
  plan_has_reports: { zh: '该计划已有月报，删除前须输入计划标识确认', en: 'The plan has reports: type its slug to confirm the deletion' },
  invalid_plan_table: { zh: '计划表未通过检查，未写入任何数据', en: 'The plan table was refused; nothing was written' },
  invalid_milestone_table: { zh: '形象进度表未通过检查，未导入任何数据', en: 'The milestone table was refused; nothing was imported' },
  invalid_targets_table: { zh: '目标表未通过检查，未导入任何数据', en: 'The targets table was refused; nothing was imported' },
  invalid_targets: { zh: '目标填写有误，未保存', en: 'The targets were refused; nothing was saved' },
  unknown_target: { zh: '目标指向的小区或项目不存在', en: 'A target names an estate or project that does not exist' },
  unknown_milestone: { zh: '形象进度指向的小区或项目不存在', en: 'A milestone names an estate or project that does not exist' },
  milestones_regress: { zh: '后一季度的计划少于前一季度，请检查', en: 'A later quarter plans less than an earlier one' },
  not_in_plan: { zh: '形象进度只能针对本计划内的小区和项目', en: "Milestones must be for the plan's own estates and projects" },

  duplicate_report: { zh: '与上一次填报内容相同，未重复提交', en: 'This repeats the latest revision; nothing was filed' },
  future_period: { zh: '该月份尚未开始，只能填报当月或以前的月份', en: 'That month has not begun: report the current or a past month' },
  outside_plan: { zh: (d) => `该小区属于 ${n(d.planYear)} 年计划，此前的月份无需填报`, en: (d) => `The estate is in the ${n(d.planYear)} plan: nothing to report before it` },
  correction_note_required: {
    zh: (d) => `数值比上次（${n(d.previous)}）减少，请在更正说明中写明原因`,
    en: (d) => `The figure goes down from ${n(d.previous)}: say why in a correction note`,
  },
  exceeds_plan: {
    zh: (d) => `完成投资超过计划投资（${n(d.planned)} 万元）；如属实，请勾选“超出计划”确认`,
    en: (d) => `Completed investment is above the ${n(d.planned)} 万元 planned; confirm "exceeds plan" if that is right`,
  },
  inconsistent: { zh: '标记为已完工时进度须为 100%', en: 'A completed estate must be at 100 %' },
  no_planned_investment: { zh: '该小区及其项目没有计划投资，完成投资请留空', en: 'No investment is planned here: leave completed investment empty' },

  unknown_estates: { zh: (d) => `小区编号不存在：${list(d.unknownIds)}`, en: (d) => `No estate with id ${list(d.unknownIds)}` },
  no_red_line: { zh: (d) => `以下小区还没有红线，请先绘制或导入：${list(d.estateIds)}`, en: (d) => `These estates have no red line yet; draw or import it first: ${list(d.estateIds)}` },
  no_red_lines: { zh: '这些小区都还没有红线', en: 'None of these estates has a red line' },
  has_red_line: { zh: '该小区已有红线，不需要临时点位；请在“设计范围”中修改红线', en: 'The estate has a red line; change it in 设计范围 instead of placing a point' },
  not_placed: { zh: '该小区没有临时点位可清除', en: 'The estate has no provisional point to clear' },
  invalid_geometry: { zh: '红线图形无效（例如自相交或面积为零）', en: 'The red line is not a valid shape (self-intersecting or without area)' },

  not_contiguous: { zh: '所选小区在该间距下不连片', en: 'The estates are not contiguous at this gap' },
  several_plans: { zh: '所选小区分属多个计划，一个项目只能属于一个计划', en: 'The estates belong to several plans; a project belongs to one' },
  project_figures: { zh: '这些小区所属项目有自己的数据，移动会拆分这些数据', en: 'Their projects carry figures of their own; moving them would split those figures' },
  project_exists: { zh: '计划中已有同名项目', en: 'The plan has a project of that name already' },
  already_project: { zh: '该片区已转为项目', en: 'The zone is a project already' },

  invalid_work: { zh: '管线工程信息缺失或有误', en: 'The pipeline work is missing a field or names something unknown' },
  invalid_works: { zh: '文件中的管线工程引用了不存在的项目或区划，未保存', en: 'Works in the file name unknown references; nothing was saved' },

  empty_scope: { zh: '该范围内没有小区，无可导出', en: 'The scope holds no estates: nothing to export' },
  empty_file: { zh: '文件中没有要素', en: 'The file has no features' },
  unreadable_file: { zh: '无法读取该文件（编码、格式或内容有误）', en: 'The file cannot be read (encoding, format or content)' },
  unreadable_geometry: { zh: '有要素的图形无法读取', en: 'A feature geometry cannot be read' },
  unreadable_crs: { zh: '无法按所给坐标系转换坐标，请检查 .prj 或指定 EPSG 代码', en: 'The coordinates cannot be transformed: check the .prj or send an EPSG code' },
  unknown_encoding: { zh: '.cpg 文件指定的编码无法识别', en: 'The .cpg names an unknown code page' },
  gcj02_not_imported: { zh: 'GCJ-02 坐标经过偏移，不能作为测绘红线导入；请导出为 WGS84 或 CGCS2000 后编辑', en: 'GCJ-02 coordinates are offset on purpose: export in WGS84 or CGCS2000 to edit and import' },
  no_crs: { zh: 'Shapefile 缺少 .prj，请补上 .prj 或指定 EPSG 代码', en: 'The Shapefile has no .prj: add it or send an EPSG code' },
  no_dbf: { zh: 'Shapefile 缺少 .dbf 属性表', en: 'The Shapefile has no .dbf' },
  no_shapefile: { zh: '压缩包中没有 .shp 文件', en: 'The zip holds no .shp file' },
  several_shapefiles: { zh: '压缩包中有多个 .shp，请每个压缩包只放一个图层', en: 'The zip holds several .shp files: one layer per zip' },
  several_tables: { zh: 'GeoPackage 中有多个要素表，请只发送一个', en: 'The GeoPackage has several feature tables: send one' },
  several_crs: { zh: '各要素表的坐标系不同，请分别发送', en: 'The tables use different coordinate systems: send one at a time' },
  nothing_to_write: { zh: '没有要素与小区匹配，未写入任何数据', en: 'No feature matched an estate; nothing was written' },

  bad_tile: { zh: '瓦片地址不正确', en: 'No such tile' },
  unknown_layer: { zh: '没有这个图层', en: 'No such layer' },
};

/** Up to ten ids of a list, then how many there are in all. */
function list(v: unknown): string {
  return Array.isArray(v) ? v.slice(0, 10).join(', ') + (v.length > 10 ? ` … (${v.length})` : '') : String(v ?? '');
}
