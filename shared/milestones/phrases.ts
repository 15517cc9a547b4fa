import { PHASES, type Phase } from '../phases.ts';

/**
 * How a milestone phrase of a plan document (形象进度) reads as a phase reached and/or a
 * percentage. One rule for every phrase: 进行X says X is under way (phase X reached); 完成X says X
 * is finished, so the phase after X has been reached (完成改造方案设计: design finished, mobilisation
 * reached; 完工 = 完成施工: construction finished, acceptance reached with the works 100 % done);
 * 开工 is construction reached; 基本建成 (Jiangkou) is the works built, acceptance reached;
 * 居民意见征求汇总 (Beilun Q1) is the residents' wishes gathered, which is the survey (摸底调查)
 * under way. The README's table and geodata/README.md's are this file.
 */
export interface PlannedState {
  phase: Phase | null;
  progressPct: number | null;
}

/** The words a document uses for each phase (longest first where one contains another). */
export const PHASE_WORDS: readonly [string, Phase][] = [
  ['摸底调查', 'survey'],
  ['摸底', 'survey'],
  ['改造方案设计', 'design'],
  ['方案设计', 'design'],
  ['规划设计', 'design'],
  ['设计', 'design'],
  ['宣传动员', 'mobilisation'],
  ['拆违拆乱', 'demolition'],
  ['拆违', 'demolition'],
  ['项目建设', 'construction'],
  ['施工', 'construction'],
  ['项目验收', 'acceptance'],
  ['竣工验收', 'acceptance'],
  ['验收', 'acceptance'],
  ['长效管理', 'maintenance'],
];

/** Phrases that are not 进行X/完成X. */
const FIXED: readonly [string, PlannedState][] = [
  ['开工', { phase: 'construction', progressPct: null }],
  ['新增开工', { phase: 'construction', progressPct: null }],
  ['全面开工', { phase: 'construction', progressPct: null }],
  ['完工', { phase: 'acceptance', progressPct: 100 }],
  ['竣工', { phase: 'acceptance', progressPct: 100 }],
  ['完成施工', { phase: 'acceptance', progressPct: 100 }],
  ['完成改造', { phase: 'acceptance', progressPct: 100 }],
  // 基本建成: built but for details, not said to be 100 %: acceptance reached, no percentage.
  ['基本建成', { phase: 'acceptance', progressPct: null }],
  // Asking the residents is part of the survey (摸底调查); 汇总 gathers the answers, it does not say
  // the survey is finished, so it plans the survey under way.
  ['居民意见征求汇总', { phase: 'survey', progressPct: null }],
  ['居民意见征求', { phase: 'survey', progressPct: null }],
  ['征求居民意见', { phase: 'survey', progressPct: null }],
];

/** Words that may stand before a phrase without changing it: 已完工, 全部开工, 均已完工. */
const LEAD = /^(?:已经|已全部|全部|均已|已|均)/;

const next = (p: Phase): Phase => PHASES[Math.min(PHASES.indexOf(p) + 1, PHASES.length - 1)]!;

/**
 * The state a phrase plans, or null when it is not a milestone phrase this reading knows. Only a
 * whole phrase is read: "开工" and "完成改造方案设计" are, "力争年底完工" is not.
 */
export function readPhrase(text: string): PlannedState | null {
  const t = text.trim().replace(LEAD, '');
  for (const [words, state] of FIXED) if (t === words) return { ...state };
  const pct = /^(?:完成|达到)(?:工程量|形象进度|总工程量)?的?(\d{1,3}(?:\.\d{1,2})?)[%％]$/.exec(t) ?? /^(?:工程量|形象进度)(?:完成|达到)?(\d{1,3}(?:\.\d{1,2})?)[%％]$/.exec(t);
  if (pct) {
    const v = Number(pct[1]);
    return v >= 0 && v <= 100 ? { phase: null, progressPct: v } : null;
  }
  const m = /^(进行|开展|完成)(.+)$/.exec(t) ?? /^(.+?)(完成)$/.exec(t);
  if (!m) return null;
  const [verb, object] = m[1] === '完成' || m[1] === '进行' || m[1] === '开展' ? [m[1], m[2]!] : [m[2]!, m[1]!];
  const phase = PHASE_WORDS.find(([w]) => w === object)?.[1];
  if (!phase) return null;
  if (verb === '完成') {
    // Finishing construction is 完工; finishing the last phase stays in it.
    if (phase === 'construction') return { phase: 'acceptance', progressPct: 100 };
    return { phase: next(phase), progressPct: null };
  }
  return { phase, progressPct: null };
}

/** Words that make an unread clause look like it plans something (so it must not be skipped). */
export const MILESTONE_KEYWORDS = /开工|完工|竣工|完成|进行|开展|启动|验收|[%％]/;
