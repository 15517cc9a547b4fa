/**
 * Rates and ranking order of a ranking table (排名表), as the circulars compute them: investment
 * rate = cumulative completed ÷ planned investment (Wuhai 2021: 152.1 / 4949.834 = 3.07%),
 * completion rate = completed estates ÷ estates. Pure so that the server and tests share them.
 */
export type RankingOrder = 'investmentRate' | 'completionRate';

export interface RankingFigures {
  estates: number;
  completedEstates: number;
  plannedInvestmentWan: number | null;
  completedInvestmentWan: number | null;
}

/** completed ÷ planned as a fraction (0.0307 for 3.07%), null when no money was planned. */
export function investmentRate(f: Pick<RankingFigures, 'plannedInvestmentWan' | 'completedInvestmentWan'>): number | null {
  if (!f.plannedInvestmentWan || f.plannedInvestmentWan <= 0) return null;
  return (f.completedInvestmentWan ?? 0) / f.plannedInvestmentWan;
}

export function completionRate(f: Pick<RankingFigures, 'estates' | 'completedEstates'>): number | null {
  return f.estates > 0 ? f.completedEstates / f.estates : null;
}

/** Percent with two decimals, as printed in the circulars: 0.030728 → 3.07. */
export function pct2(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10000) / 100;
}

/**
 * Orders rows by the chosen rate, highest first; rows without that rate come last. Equal rates (as
 * printed, to two decimals) share a rank and the next rank is skipped (1, 2, 2, 4); code breaks
 * the tie in the listing order only.
 */
export function rankRows<T extends { code: string; investmentRate: number | null; completionRate: number | null }>(
  rows: T[],
  orderBy: RankingOrder,
): (T & { rank: number | null })[] {
  const key = (r: T) => pct2(r[orderBy]);
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === kb ? a.code.localeCompare(b.code) : ka === null ? 1 : -1;
    return kb - ka || a.code.localeCompare(b.code);
  });
  let rank = 0;
  let previous: number | null | undefined;
  return sorted.map((r, i) => {
    const k = key(r);
    if (k === null) return { ...r, rank: null };
    if (k !== previous) rank = i + 1;
    previous = k;
    return { ...r, rank };
  });
}
