import type { ErrorCode } from '../../../shared/errors/codes.ts';
import type { MatchReason, RepairNote } from '../../../shared/scopes/contract.ts';

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
  // The parse worker stops a read over its memory (limitMb) or its time (limitSeconds).
  too_large_to_read: {
    zh: (d) => (d.limitSeconds !== undefined ? `${n(d.limitSeconds)} 秒内未能读完该文件，请拆分后再上传` : `读取该文件需要超过 ${n(d.limitMb)} MB 内存，请拆分后再上传`),
    en: (d) => (d.limitSeconds !== undefined ? `The file could not be read within ${n(d.limitSeconds)} s: split it` : `Reading the file needs more than ${n(d.limitMb)} MB: split it`),
  },
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
  invalid_geometry: { zh: '图形无效，未保存', en: 'The shape is not valid; nothing was saved' },
  overlap: {
    zh: (d) => `红线与同一计划的其他小区重叠超过 1 平方米${overlaps(d.items, 'zh')}；请调整红线，或填写原因后确认保存`,
    en: (d) => `The red line overlaps other estates of the same plan by more than 1 m²${overlaps(d.items, 'en')}: adjust it, or give a reason to save it anyway`,
  },
  unknown_history: { zh: '该小区没有这条红线历史记录，请刷新历史列表', en: 'This estate has no such red-line history entry: reload the history' },
  history_version_mismatch: {
    zh: (d) => `历史记录保存的是第 ${n(d.entryVersion)} 版，不是第 ${n(d.version)} 版，请刷新历史列表`,
    en: (d) => `That history entry holds version ${n(d.entryVersion)}, not ${n(d.version)}: reload the history`,
  },
  empty_history: { zh: (d) => `第 ${n(d.version)} 版还没有红线，无可恢复`, en: (d) => `Version ${n(d.version)} had no red line: nothing to restore` },

  no_geometry: { zh: '没有图形', en: 'has no geometry' },
  geometry_3d: { zh: '含有高程（Z 值）；红线须为二维，请先去掉 Z 值（如 ogr2ogr -dim XY）再上传', en: 'has a Z value; red lines are 2D: drop Z (e.g. ogr2ogr -dim XY) and send again' },
  not_polygon: {
    zh: (d) => `是${GEOMETRY_TYPES_ZH[String(d.type)] ?? String(d.type ?? '其他')}，红线和楼栋轮廓须为面（Polygon 或 MultiPolygon）`,
    en: (d) => `is a ${String(d.type ?? '?')}; red lines and footprints are polygons`,
  },
  empty_geometry: { zh: '图形为空', en: 'the geometry is empty' },
  ring_empty: { zh: (d) => `第 ${ord(d.polygon)} 个面没有环`, en: (d) => `polygon ${ord(d.polygon)} has no rings` },
  bad_position: {
    zh: (d) => `${ringZh(d)}的第 ${ord(d.position)} 个坐标不是一对数字`,
    en: (d) => `${ringEn(d)}: position ${ord(d.position)} is not a pair of numbers`,
  },
  ring_too_short: {
    zh: (d) => `${ringZh(d)}只有 ${n(d.positions)} 个坐标，闭合的环至少需要 4 个`,
    en: (d) => `${ringEn(d)} has ${n(d.positions)} positions; a closed ring needs at least 4`,
  },
  ring_open: { zh: (d) => `${ringZh(d)}未闭合（首尾坐标不同），请闭合后再保存`, en: (d) => `${ringEn(d)} is not closed: its first and last positions differ` },
  no_area: { zh: '修复后没有面积（各环退化为线或点）', en: 'has no area once made valid (its rings collapse to lines or points)' },
  not_on_earth: {
    zh: (d) => `按 ${String(d.crs ?? '所给坐标系')} 读取后位于 ${String(d.x ?? '?')} ${String(d.y ?? '?')}，不在地球上：文件的坐标系应是别的，请指定 EPSG 代码`,
    en: (d) => `lies at ${String(d.x ?? '?')} ${String(d.y ?? '?')} when read as ${String(d.crs ?? 'the stated CRS')}, no place on Earth: send the file's EPSG code`,
  },
  feature_too_deep: { zh: (d) => `嵌套超过 ${n(d.max)} 层（上限）`, en: (d) => `nests deeper than ${n(d.max)} levels (the limit)` },
  too_many_vertices: { zh: (d) => `顶点超过 ${n(d.max)} 个（上限），请先简化`, en: (d) => `has more than ${n(d.max)} vertices (the limit): simplify it first` },

  invalid_json_file: { zh: (d) => `${file(d)}不是有效的 JSON，请用 GIS 软件重新导出 GeoJSON`, en: (d) => `${file(d, 'en')}is not valid JSON: export the GeoJSON again from a GIS` },
  not_feature_collection: { zh: (d) => `${file(d)}不是 GeoJSON 要素集（FeatureCollection）`, en: (d) => `${file(d, 'en')}is not a GeoJSON FeatureCollection` },
  not_utf8: { zh: (d) => `${file(d)}不是 UTF-8 编码，GeoJSON 须为 UTF-8，请转换后再上传`, en: (d) => `${file(d, 'en')}is not UTF-8; GeoJSON must be: convert it and send again` },
  assign_unknown_estate: { zh: '手动指定的小区不存在', en: 'An estate assigned by hand does not exist' },
  assign_outside_plan: { zh: '手动指定的小区不在本次导入的计划内', en: 'An estate assigned by hand is not in the plan of this import' },
  assign_twice: { zh: '同一个小区被指定给了多个要素，每个小区只能指定一个', en: 'One estate is assigned to several features: assign each estate once' },
  assign_no_feature: { zh: '手动指定的要素编号在文件中不存在', en: 'A feature number assigned by hand is not in the file' },

  not_contiguous: { zh: '所选小区在该间距下不连片', en: 'The estates are not contiguous at this gap' },
  several_plans: { zh: '所选小区分属多个计划，一个项目只能属于一个计划', en: 'The estates belong to several plans; a project belongs to one' },
  project_figures: { zh: '这些小区所属项目有自己的数据，移动会拆分这些数据', en: 'Their projects carry figures of their own; moving them would split those figures' },
  project_exists: { zh: '计划中已有同名项目', en: 'The plan has a project of that name already' },
  already_project: { zh: '该片区已转为项目', en: 'The zone is a project already' },

  invalid_work: { zh: '管线工程信息缺失或有误', en: 'The pipeline work is missing a field or names something unknown' },
  invalid_works: { zh: '文件中的管线工程引用了不存在的项目或区划，未保存', en: 'Works in the file name unknown references; nothing was saved' },

  empty_scope: { zh: '该范围内没有小区，无可导出', en: 'The scope holds no estates: nothing to export' },
  empty_file: { zh: '文件中没有要素', en: 'The file has no features' },
  unreadable_file: { zh: '无法读取该文件（编码、格式或内容有误），请检查文件后重新导出', en: 'The file cannot be read (encoding, format or content): check it and export again' },
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

/** GeoJSON geometry types in Chinese ("feature 2 is a LineString" → 要素 2 是线). */
const GEOMETRY_TYPES_ZH: Record<string, string> = {
  Point: '点（Point）',
  MultiPoint: '多点（MultiPoint）',
  LineString: '线（LineString）',
  MultiLineString: '多线（MultiLineString）',
  GeometryCollection: '几何集合（GeometryCollection）',
};
/** Polygons, rings and positions are counted from 0 in the details; people count from 1. */
const ord = (v: unknown) => (typeof v === 'number' ? String(v + 1) : '?');
const ringZh = (d: Details) =>
  `${typeof d.polygon === 'number' && d.polygon > 0 ? `第 ${ord(d.polygon)} 个面的` : ''}${d.ring === 0 ? '外边界' : `第 ${typeof d.ring === 'number' ? d.ring : '?'} 个内洞`}`;
const ringEn = (d: Details) => `${typeof d.polygon === 'number' && d.polygon > 0 ? `polygon ${ord(d.polygon)}, ` : ''}${d.ring === 0 ? 'the outline' : `hole ${typeof d.ring === 'number' ? d.ring : '?'}`}`;
const file = (d: Details, lang: 'zh' | 'en' = 'zh') => (typeof d.file === 'string' ? (lang === 'zh' ? `文件 ${d.file} ` : `${d.file} `) : lang === 'zh' ? '文件' : 'The file ');
const m2 = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) : '?');
/** The estates of an overlap refusal: "：芙蓉花苑 12.5 m²、…". */
function overlaps(items: unknown, lang: 'zh' | 'en'): string {
  if (!Array.isArray(items) || !items.length) return '';
  const each = items.slice(0, 5).map((o: { name?: unknown; areaM2?: unknown }) => `${String(o?.name ?? '?')} ${m2(o?.areaM2)} m²`);
  const more = items.length > 5 ? (lang === 'zh' ? ` 等 ${items.length} 个` : ` … (${items.length})`) : '';
  return (lang === 'zh' ? `（${each.join('、')}${more}）` : ` (${each.join(', ')}${more})`);
}

/** What the server did to make a geometry a red line (RepairNote in shared/scopes/contract.ts). */
export const REPAIR_STRINGS: Record<RepairNote['code'], ErrorWords> = {
  rewound: { zh: '已调整环的方向（外边界逆时针、内洞顺时针，RFC 7946）', en: 'rewound: outline counter-clockwise, holes clockwise (RFC 7946)' },
  made_valid: {
    zh: (d) => `${d.kind === 'self_intersection' || d.kind === 'ring_self_intersection' ? '边界自相交' : '图形无效'}，已自动修复${d.partsIn !== d.partsOut ? `（${n(d.partsIn)} 个面变为 ${n(d.partsOut)} 个）` : ''}；请核对修复后的形状`,
    en: (d) => `${d.kind === 'self_intersection' || d.kind === 'ring_self_intersection' ? 'self-intersecting' : 'not valid'}: made valid${d.partsIn !== d.partsOut ? ` (${n(d.partsIn)} part(s) became ${n(d.partsOut)})` : ''}; check the repaired shape`,
  },
};

/** Why an imported feature is not matched as it stands (MatchReason in shared/scopes/contract.ts). */
export const MATCH_REASON_STRINGS: Record<MatchReason['code'], ErrorWords> = {
  not_scope_layer: { zh: '不是红线或楼栋轮廓（管线工程请在管线导入中上传）', en: 'not a red line or building footprint (pipeline works are imported under pipelines)' },
  no_estate_id: { zh: (d) => `没有编号为 ${String(d.id)} 的小区，请手动指定`, en: (d) => `no estate with id ${String(d.id)}: assign one by hand` },
  id_name_mismatch: {
    zh: (d) => `编号 ${String(d.id)} 是「${String(d.estateName)}」，但名称写的是「${String(d.name)}」，请手动指定`,
    en: (d) => `id ${String(d.id)} is ${String(d.estateName)}, but the name says ${String(d.name)}: assign one by hand`,
  },
  no_estate_named: { zh: (d) => `没有名为「${String(d.name)}」的小区，请手动指定`, en: (d) => `no estate named ${String(d.name)}: assign one by hand` },
  several_named: {
    zh: (d) => `有 ${n(d.count)} 个小区名为「${String(d.name)}」，请选择一个（或指定计划）`,
    en: (d) => `${n(d.count)} estates are named ${String(d.name)}: pick one (or choose the plan)`,
  },
  no_keys: { zh: '既没有小区编号也没有名称，请手动指定', en: 'has neither an estate id nor a name: assign one by hand' },
  building_number_needed: { zh: '楼栋要素需要楼号或楼栋编号', en: 'a building needs its number or its id' },
  new_building: { zh: (d) => `「${String(d.estateName)}」还没有 ${String(d.number)} 号楼，将新增`, en: (d) => `${String(d.estateName)} has no building ${String(d.number)} yet: it will be added` },
  claimed_twice: { zh: (d) => `要素 ${String(d.features)} 都对应「${String(d.target)}」，请只保留一个`, en: (d) => `features ${String(d.features)} all match ${String(d.target)}: keep one` },
};

/** Up to ten ids of a list, then how many there are in all. */
function list(v: unknown): string {
  return Array.isArray(v) ? v.slice(0, 10).join(', ') + (v.length > 10 ? ` … (${v.length})` : '') : String(v ?? '');
}
