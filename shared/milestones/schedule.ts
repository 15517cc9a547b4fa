import { PHASES, type Phase } from '../phases.ts';

/**
 * A schedule cannot plan less for a later quarter than for an earlier one: an estate planned in
 * construction by Q3 cannot be planned in design by Q4. Compared per estate or project between
 * quarters, on what each quarter plans at the furthest (several milestones of one quarter are
 * allowed: "design finished and construction started by Q3").
 */
export interface Scheduled {
  estateId: number | null;
  projectId: number | null;
  year: number;
  quarter: number;
  phase: Phase | null;
  progressPct: number | null;
}

export interface Regression<T extends Scheduled> {
  earlier: T;
  later: T;
  what: 'phase' | 'progressPct';
}

export function regressions<T extends Scheduled>(list: T[]): Regression<T>[] {
  const byTarget = new Map<string, T[]>();
  for (const m of list) {
    if (m.estateId === null && m.projectId === null) continue;
    const key = m.estateId !== null ? `e${m.estateId}` : `p${m.projectId}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), m]);
  }
  const out: Regression<T>[] = [];
  const rank = (m: T) => (m.phase ? PHASES.indexOf(m.phase) : -1);
  for (const items of byTarget.values()) {
    const sorted = [...items].sort((a, b) => a.year * 4 + a.quarter - (b.year * 4 + b.quarter));
    let bestPhase: T | null = null;
    let bestPct: T | null = null;
    let i = 0;
    while (i < sorted.length) {
      const q = sorted[i]!.year * 4 + sorted[i]!.quarter;
      const same: T[] = [];
      while (i < sorted.length && sorted[i]!.year * 4 + sorted[i]!.quarter === q) same.push(sorted[i++]!);
      const topPhase = same.filter((m) => m.phase).sort((a, b) => rank(b) - rank(a))[0];
      const topPct = same.filter((m) => m.progressPct !== null).sort((a, b) => b.progressPct! - a.progressPct!)[0];
      if (topPhase && bestPhase && rank(topPhase) < rank(bestPhase)) out.push({ earlier: bestPhase, later: topPhase, what: 'phase' });
      if (topPct && bestPct && topPct.progressPct! < bestPct.progressPct!) out.push({ earlier: bestPct, later: topPct, what: 'progressPct' });
      if (topPhase && (!bestPhase || rank(topPhase) > rank(bestPhase))) bestPhase = topPhase;
      if (topPct && (!bestPct || topPct.progressPct! > bestPct.progressPct!)) bestPct = topPct;
    }
  }
  return out;
}
