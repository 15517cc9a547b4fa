import type { ImportWarning, WarningCode } from '../../../shared/plans/contract.ts';
import type { Lang } from '../i18n/dict.ts';

type Values = Record<string, string | number | undefined>;
type Words = (v: Values, column: string) => string;

/**
 * What each import warning says, in the UI's language, from its column and values (the server's
 * `message` is the English sentence for logs). tsc proves every code of WARNING_CODES has words.
 */
export const WARNING_WORDS: Record<WarningCode, { zh: Words; en: Words }> = {
  title_year_differs: {
    zh: (v) => `表格标题“${v.title}”写的是 ${v.titleYear} 年，而计划按 ${v.year} 年导入`,
    en: (v) => `The title "${v.title}" names ${v.titleYear}, but the plan is imported as ${v.year}`,
  },
  as_of_differs: {
    zh: (v) => `表格的填报日期是 ${v.tableAsOf}，按所填日期 ${v.asOf} 导入`,
    en: (v) => `The table's 填报日期 is ${v.tableAsOf}; the date sent (${v.asOf}) is used`,
  },
  stated_figure_kept: {
    zh: (v) => `计划已有其他来源的${v.metric}数据，表中的 ${v.value} ${v.unit} 未覆盖它`,
    en: (v) => `The plan already states ${v.metric} from another source; the table's ${v.value} ${v.unit} is not stored over it`,
  },
  year_differs: {
    zh: (v) => `“${v.cell}”写的是 ${v.named} 年，计划为 ${v.year} 年；未写年份的季度按 ${v.year} 年读取`,
    en: (v) => `"${v.cell}" names ${v.named}, the plan is for ${v.year}; quarters without a year are read as ${v.year}`,
  },
  notes_skipped: {
    zh: (v) => `表格下方的 ${v.count} 行注释（注：…）未导入`,
    en: (v) => `${v.count} note line(s) (注：…) below the table were not imported`,
  },
  rates_kept_as_attributes: {
    zh: (_v, col) => `“${col}”按小区逐行列出：作为各小区的属性保存（比率由系统自行计算）`,
    en: (_v, col) => `${col} is printed per estate: kept on each estate as an attribute (the app derives its own rates)`,
  },
  plan_figure_stated: {
    zh: (v, col) => `“${col}” ${v.value} 是全表合写的一个数，而各行分属 ${v.projects} 个项目：作为计划的填报数保存，不分给任何项目或小区`,
    en: (v, col) => `${col} ${v.value} is written once for the whole table while its rows are in ${v.projects} projects: kept as the plan's stated figure`,
  },
  column_kept_as_attribute: {
    zh: (_v, col) => `“${col}”不是系统建模的列：其内容作为各小区的属性保存（在小区详情中显示）`,
    en: (_v, col) => `"${col}" is not a column the importer models: its values are kept on each estate as an attribute`,
  },
  unit_from_line: {
    zh: (v, col) => `“${col}”按表格上方“单位”行所写的 ${v.unit} 读取`,
    en: (v, col) => `${col}: read in ${v.unit}, as the 单位 line above the table says`,
  },
  unit_converted: {
    zh: (v, col) => `“${col}”的 ${v.unit} 数值按 ${v.stored} 保存（小数点移动 ${v.places} 位，精确换算）`,
    en: (v, col) => `${col}: figures in ${v.unit} are stored in ${v.stored} (exactly, by moving the decimal point ${v.places} places)`,
  },
  column_not_imported: {
    zh: () => '“排名”列不导入：系统按数据自行排名',
    en: () => '排名 is not imported: the app ranks by the figures themselves',
  },
  completion_flag_not_applied: {
    zh: (v) => `${v.name}：表中 ${v.month} 写“${v.flag}”，但该月已填报的月报与之不同，以月报为准`,
    en: (v) => `${v.name}: the table says ${v.flag} for ${v.month}, but a report filed for that month says otherwise; the filed report stands`,
  },
};

/** A warning in the UI's language; a code this client does not know yet keeps its place only. */
export function warningText(w: ImportWarning, lang: Lang): string {
  const words = WARNING_WORDS[w.code as WarningCode] as (typeof WARNING_WORDS)[WarningCode] | undefined;
  if (!words) return lang === 'zh' ? `提示（${w.code}）` : `Note (${w.code})`;
  return words[lang](w.values ?? {}, w.column ?? '');
}
