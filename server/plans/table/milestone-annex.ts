/**
 * Reads a quarterly milestone table in the layout of Beilun's 附件1 (居住环境提升项目任务计划表):
 * one row per item (项目名称), quarters as columns (一季度末形象进度 … 四季度末形象进度), each cell
 * prose that names estates and what they reach, e.g. "新碶街道长江花园、高凤新村…等9个项目进行改造
 * 方案设计；大碶街道广电站…等20个项目完成改造方案设计。" Pure (no database): the caller passes the
 * plan's estates, projects and streets. Right or refused:
 * - every non-empty quarter cell is kept as written, as a milestone of the whole plan (a description);
 * - each statement it can read gives milestones of the estates or projects it names (phase and/or
 *   percentage, see phrases.ts); every name must be an estate or project of the plan, the count it
 *   states must be the number of names, a street written before a name must be the estate's;
 * - a clause it cannot read is refused (422 naming row and column) when it names an estate or
 *   project of the plan, or when the row is about one (its 项目名称 is an estate, a project or a
 *   category of the plan) and the clause uses a milestone word (开工, 完成, …); otherwise it stays
 *   in the description only.
 */
import { PHASES } from '../../../shared/phases.ts';
import type { Problem } from './parse.ts';
import type { ImportWarning } from '../../../shared/plans/contract.ts';
import { NameIndex, type NamedTarget } from '../../../shared/milestones/names.ts';
import { MILESTONE_KEYWORDS, readPhrase, type PlannedState } from '../../../shared/milestones/phrases.ts';

export interface AnnexPlan {
  year: number;
  estates: { id: number; name: string; streetName: string; category: string | null; projectId: number | null }[];
  projects: { id: number; name: string }[];
  /** Street names of the plan's districts, for "新碶街道长江花园". */
  streets: string[];
}

export interface ReadMilestone {
  year: number;
  quarter: number;
  estateId: number | null;
  projectId: number | null;
  phase: PlannedState['phase'];
  progressPct: number | null;
  description: string;
  /** Where it was read: spreadsheet row (1-based) and column header. */
  row: number;
  column: string;
}

export type AnnexWarning = ImportWarning;

export class AnnexError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.row ? `row ${p.row}, ` : ''}${p.column ? `${p.column}: ` : ''}${p.reason}`).join('; '));
  }
}

const QUARTER_HEADER = /^(?:(\d{4})年)?(?:第)?([一二三四1-4])季度(?:末)?(?:形象进度|目标|进度|计划|节点)?$/;
const NAME_HEADERS = new Set(['项目名称', '项目', '名称', '任务', '任务名称', '工作任务', '小区名称']);
const CN_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

const clean = (s: string | undefined) => (s ?? '').replace(/[\r\n]+/g, '').replace(/\u00a0/g, ' ').trim();

/** Sentences (；。) and clauses (，) outside brackets. */
export function clausesOf(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && '；;。，,'.includes(ch)) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

type Subject = { label: string; targets: NamedTarget[]; estates: NamedTarget[] } | null;

interface Statement {
  targets: NamedTarget[];
  state: PlannedState;
  phrase: string;
}

const KNOWN_PHRASES = '进行X / 完成X (X: 摸底调查, 改造方案设计, 宣传动员, 拆违拆乱, 施工, 验收), 居民意见征求汇总, 开工, 新增开工, 完工, 竣工, 基本建成, 完成N%';

export function readAnnex(grid: string[][], plan: AnnexPlan): { milestones: ReadMilestone[]; warnings: AnnexWarning[] } {
  const rows = grid.map((r) => r.map(clean));
  const problems: Problem[] = [];
  const warnings: AnnexWarning[] = [];
  const h = rows.findIndex((r) => r.some((c) => QUARTER_HEADER.test(c)));
  if (h < 0) {
    throw new AnnexError([{ row: null, column: null, reason: 'no quarter columns: the header needs 一季度末形象进度 … 四季度末形象进度 (or 一季度目标 …)' }]);
  }
  const quarterCols: { col: number; header: string; year: number; quarter: number }[] = [];
  rows[h]!.forEach((c, col) => {
    const m = QUARTER_HEADER.exec(c);
    if (m) quarterCols.push({ col, header: c, year: m[1] ? Number(m[1]) : plan.year, quarter: CN_QUARTER[m[2]!]! });
  });
  const seen = new Set<string>();
  for (const q of quarterCols) {
    const key = `${q.year}Q${q.quarter}`;
    if (seen.has(key)) problems.push({ row: h + 1, column: q.header, reason: `a second column for ${q.year} quarter ${q.quarter}` });
    seen.add(key);
  }
  // The name column may sit in the header row or in the row above it (a two-level header).
  let nameCol = -1;
  for (const r of [h, h - 1]) {
    if (r < 0 || nameCol >= 0) continue;
    nameCol = rows[r]!.findIndex((c) => NAME_HEADERS.has(c));
  }
  if (nameCol < 0) problems.push({ row: h + 1, column: null, reason: `no 项目名称 column: name the item of each row in a column headed ${[...NAME_HEADERS].join(' / ')}` });
  if (problems.length) throw new AnnexError(problems);

  for (let r = 0; r <= h; r++) {
    for (const c of rows[r]!) {
      const y = /(\d{4})年/.exec(c);
      if (y && !QUARTER_HEADER.test(c) && Number(y[1]) !== plan.year) {
        warnings.push({ code: 'year_differs', values: { cell: c, named: Number(y[1]), year: plan.year }, message: `"${c}" names ${y[1]}, the plan is for ${plan.year}; quarters without a year are read as ${plan.year}`, row: r + 1 });
        break;
      }
    }
  }

  const index = new NameIndex(
    [
      ...plan.estates.map((e) => ({ kind: 'estate' as const, id: e.id, name: e.name, streetName: e.streetName })),
      ...plan.projects.map((p) => ({ kind: 'project' as const, id: p.id, name: p.name, streetName: null })),
    ],
    plan.streets,
  );
  const estateTargets = new Map(plan.estates.map((e) => [e.id, { kind: 'estate' as const, id: e.id, name: e.name, streetName: e.streetName }]));
  const subjectOf = (label: string, row: number): Subject => {
    const named = index.lookup(label);
    if (named.length > 1) {
      problems.push({ row, column: '项目名称', reason: `"${label}" is the name of both an estate and a project of the plan; rename one` });
      return null;
    }
    const [t] = named;
    if (t?.kind === 'estate') return { label, targets: [t], estates: [t] };
    if (t?.kind === 'project') {
      const estates = plan.estates.filter((e) => e.projectId === t.id).map((e) => estateTargets.get(e.id)!);
      return { label, targets: [t], estates };
    }
    const estates = plan.estates.filter((e) => e.category === label).map((e) => estateTargets.get(e.id)!);
    return estates.length ? { label, targets: estates, estates } : null;
  };

  const out: ReadMilestone[] = [];
  const raw = new Map<string, Statement[]>(); // `${row}:${year}Q${quarter}` → statements read there
  for (let r = h + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNo = r + 1;
    const first = cells.find((c) => c !== '') ?? '';
    if (!first || /^(注|附件|合计)/.test(first)) continue;
    const label = cells[nameCol] ?? '';
    const filled = quarterCols.filter((q) => (cells[q.col] ?? '') !== '');
    if (!filled.length) continue;
    if (!label) {
      problems.push({ row: rowNo, column: '项目名称', reason: 'a row with quarterly milestones needs its 项目名称' });
      continue;
    }
    const subject = subjectOf(label, rowNo);
    for (const q of [...filled].sort((a, b) => a.year - b.year || a.quarter - b.quarter)) {
      const cell = cells[q.col]!;
      const at = (reason: string) => problems.push({ row: rowNo, column: q.header, reason });
      out.push({ year: q.year, quarter: q.quarter, estateId: null, projectId: null, phase: null, progressPct: null, description: `${label}：${cell}`, row: rowNo, column: q.header });
      const statements: Statement[] = [];
      raw.set(`${rowNo}:${q.year}Q${q.quarter}`, statements);

      /** Resolves a written list; false when any name is not the plan's. */
      const resolveList = (list: string, clause: string): NamedTarget[] | null => {
        const items = index.split(list);
        let ok = items.length > 0;
        const targets: NamedTarget[] = [];
        for (const it of items) {
          if (!it.target) {
            ok = false;
            const n = index.lookup(it.text).length;
            at(n > 1 ? `"${it.text}" is the name of both an estate and a project of the plan, in "${clause}"` : `unknown name "${it.text}": no estate or project of the plan is called that (in "${clause}")`);
            continue;
          }
          if (it.street && it.target.streetName && it.target.streetName !== it.street) {
            ok = false;
            at(`"${it.text}" is in ${it.target.streetName}, but the cell puts it in ${it.street}`);
            continue;
          }
          targets.push(it.target);
        }
        return ok ? targets : null;
      };
      const phraseOf = (phrase: string, clause: string): PlannedState | null => {
        const s = readPhrase(phrase);
        if (!s) at(`cannot read "${phrase}" in "${clause}" as a phase or percentage (known: ${KNOWN_PHRASES})`);
        return s;
      };
      const counted = (targets: NamedTarget[], n: number, clause: string) => {
        if (targets.length === n) return true;
        at(`"${clause}" says ${n} but names ${targets.length}`);
        return false;
      };

      for (const clause of clausesOf(cell)) {
        let m: RegExpExecArray | null;
        // 新增开工项目18个（…）, 该季度新增开工7个项目（…）, 完工项目2个（…）
        if ((m = /^(?:该季度|本季度)?(新增开工|开工|完工|竣工)(?:项目(\d+)个|(\d+)个(?:项目|小区))[（(](.+)[）)]$/.exec(clause))) {
          const state = phraseOf(m[1]!, clause);
          const targets = resolveList(m[4]!, clause);
          if (state && targets && counted(targets, Number(m[2] ?? m[3]), clause)) statements.push({ targets, state, phrase: m[1]! });
          continue;
        }
        // 三季度开工的22个项目已完工: the estates an earlier cell of the row said started.
        if ((m = /^([一二三四1-4])季度末?(.+?)的(\d+)个(?:项目|小区)(.+)$/.exec(clause))) {
          const then = phraseOf(m[2]!, clause);
          const state = phraseOf(m[4]!, clause);
          if (!then || !state) continue;
          const earlier = raw.get(`${rowNo}:${q.year}Q${CN_QUARTER[m[1]!]}`);
          if (!earlier) {
            at(`"${clause}" refers to what the row says for quarter ${m[1]}, but that cell is empty or not before this one`);
            continue;
          }
          const targets = unique(earlier.filter((s) => s.state.phase === then.phase && s.state.progressPct === then.progressPct).flatMap((s) => s.targets));
          if (counted(targets, Number(m[3]), clause)) statements.push({ targets, state, phrase: m[4]! });
          continue;
        }
        // 29个项目全部完成改造方案设计, 7个街道29个项目全部开工: every estate of the row's item.
        if ((m = /^(?:(\d+)个街道)?(\d+)个(?:项目|小区)((?:全部|均).+)$/.exec(clause))) {
          const state = phraseOf(m[3]!, clause);
          if (!subject) {
            at(`"${clause}" speaks of all projects of "${label}", which is no estate, project or category (项目类别) of the plan`);
            continue;
          }
          if (!state) continue;
          if (subject.estates.length !== Number(m[2])) {
            at(`"${clause}" says ${m[2]}, but "${label}" has ${subject.estates.length} estates in the plan`);
            continue;
          }
          const streets = new Set(subject.estates.map((e) => e.streetName)).size;
          if (m[1] && Number(m[1]) !== streets) {
            at(`"${clause}" says ${m[1]} streets, but the ${subject.estates.length} estates of "${label}" are in ${streets}`);
            continue;
          }
          statements.push({ targets: subject.estates, state, phrase: m[3]! });
          continue;
        }
        // …等9个项目进行改造方案设计
        if ((m = /^(.+?)等(\d+)个(?:项目|小区)(.+)$/.exec(clause))) {
          const state = phraseOf(m[3]!, clause);
          const targets = resolveList(m[1]!, clause);
          if (state && targets && counted(targets, Number(m[2]), clause)) statements.push({ targets, state, phrase: m[3]! });
          continue;
        }
        // 长江花园、高凤新村开工: names of the plan and nothing else, then a phrase.
        const listed = readUncounted(clause, index);
        if (listed) {
          statements.push(listed);
          continue;
        }
        // 开工, 完成改造方案设计: the row's own estate, project or category.
        const state = readPhrase(clause);
        if (state && subject) {
          statements.push({ targets: subject.targets, state, phrase: clause });
          continue;
        }
        const names = index.mentioned(clause);
        if (names.length) {
          at(`"${clause}" names ${names.join('、')} but cannot be read: write "<names>等N个项目<phrase>" (phrases: ${KNOWN_PHRASES})`);
        } else if (subject && MILESTONE_KEYWORDS.test(clause) && !state) {
          at(`"${clause}" cannot be read as a milestone of "${label}" (phrases: ${KNOWN_PHRASES})`);
        }
        // Otherwise: words about no estate (面积约11万平方米, 2020年续建), kept in the description.
      }
      for (const s of statements) {
        for (const t of s.targets) {
          out.push({
            year: q.year, quarter: q.quarter, estateId: t.kind === 'estate' ? t.id : null, projectId: t.kind === 'project' ? t.id : null,
            phase: s.state.phase, progressPct: s.state.progressPct, description: `${label}：${s.phrase}`, row: rowNo, column: q.header,
          });
        }
      }
    }
  }
  if (problems.length) {
    // The same slip written twice in one cell ("高峰一期、二期 … 华山一、二期") is one problem to fix.
    const said = new Set<string>();
    throw new AnnexError(problems.filter((p) => !said.has(JSON.stringify(p)) && said.add(JSON.stringify(p))));
  }
  return { milestones: mergeQuarters(out), warnings };
}

/** "长江花园、高凤新村开工": the longest phrase at the end whose prefix is names of the plan only. */
function readUncounted(clause: string, index: NameIndex): Statement | null {
  for (let k = 1; k < clause.length; k++) {
    const state = readPhrase(clause.slice(k));
    if (!state) continue;
    const items = index.split(clause.slice(0, k));
    if (items.length && items.every((i) => i.target && (!i.street || !i.target.streetName || i.target.streetName === i.street))) {
      return { targets: unique(items.map((i) => i.target!)), state, phrase: clause.slice(k) };
    }
  }
  return null;
}

function unique(targets: NamedTarget[]): NamedTarget[] {
  const m = new Map(targets.map((t) => [`${t.kind}:${t.id}`, t]));
  return [...m.values()];
}

/**
 * One milestone per estate or project and quarter: what the cell says it reaches at the furthest
 * ("29个项目全部完成改造方案设计；…等22个项目开工" leaves those 22 in construction). Plan-level
 * descriptions stay one per cell.
 */
function mergeQuarters(list: ReadMilestone[]): ReadMilestone[] {
  const out: ReadMilestone[] = [];
  const byKey = new Map<string, { m: ReadMilestone; descriptions: string[] }>();
  for (const m of list) {
    if (m.estateId === null && m.projectId === null) {
      out.push(m);
      continue;
    }
    const key = `${m.estateId}:${m.projectId}:${m.year}:${m.quarter}`;
    const prev = byKey.get(key);
    if (!prev) {
      const entry = { m: { ...m }, descriptions: [m.description] };
      byKey.set(key, entry);
      out.push(entry.m);
      continue;
    }
    if (m.phase && (!prev.m.phase || PHASES.indexOf(m.phase) > PHASES.indexOf(prev.m.phase))) prev.m.phase = m.phase;
    if (m.progressPct !== null && (prev.m.progressPct === null || m.progressPct > prev.m.progressPct)) prev.m.progressPct = m.progressPct;
    if (!prev.descriptions.includes(m.description)) prev.descriptions.push(m.description);
    // "老旧小区改造建设：全部完成改造方案设计；开工": the row's label once, then each phrase.
    const label = prev.descriptions[0]!.slice(0, prev.descriptions[0]!.indexOf('：') + 1);
    prev.m.description = label + prev.descriptions.map((d) => d.slice(d.indexOf('：') + 1)).join('；');
  }
  return out;
}
