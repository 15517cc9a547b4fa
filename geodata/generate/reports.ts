/**
 * Synthetic monthly progress history (月度报表) for estates without real progress.
 *
 * Each project (or lone estate) gets a pace: fast (done within the plan year), normal, slow, or
 * stalled, so that a map coloured by progress shows a spread, with a few laggards near 0–20% as the
 * circulars (通报) name them. Progress only moves forward and at most one phase per month, through
 * Nankang's seven phases in order; an estate is completed when it reaches 100%, in acceptance that
 * month and long-term management after, and reports stop two months after completion.
 */
import { PHASES, type Phase } from '../../shared/phases.ts';
import type { GenEstate, GenReport } from './types.ts';
import { Rng } from './random.ts';

/** Progress at which each phase starts (survey … acceptance); 100 means completed. */
const PHASE_START = [0, 5, 15, 20, 30, 95] as const;
const MAINTENANCE = PHASES.indexOf('maintenance');
const ACCEPTANCE = PHASES.indexOf('acceptance');

type Pace = 'fast' | 'normal' | 'slow' | 'stalled';
/** Months from start to completion, by pace. */
const DURATION: Record<Pace, [number, number]> = {
  fast: [6, 9],
  normal: [10, 14],
  slow: [16, 26],
  stalled: [45, 80],
};

function phaseOf(pct: number): number {
  let k = 0;
  while (k + 1 < PHASE_START.length && pct >= (PHASE_START[k + 1] as number)) k++;
  return k;
}

export function parsePeriod(p: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (!m) throw new Error(`bad period ${p}, expected YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function periodOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function estateReports(e: GenEstate, reportUntil: string, seed: number): GenReport[] {
  // Pace and start month are shared by a project's estates: they are tendered and built together.
  const group = e.projectKey != null ? `project:${e.districtCode}:${e.projectKey}` : `estate:${e.id}`;
  const grng = new Rng(seed, `pace:${group}`);
  const pace = grng.weighted<Pace>([
    ['fast', 0.35],
    ['normal', 0.37],
    ['slow', 0.17],
    ['stalled', 0.11],
  ]);
  const startMonth = grng.int(1, 6);
  const [lo, hi] = DURATION[pace];
  const rng = new Rng(seed, `reports:${e.id}`);
  const rate = 100 / rng.int(lo, hi);

  const first = e.planYear * 12 + startMonth - 1;
  const last = parsePeriod(reportUntil);
  const out: GenReport[] = [];
  let pct = 0;
  let phase = 0;
  let completedAt: number | null = null;
  for (let m = first; m <= last; m++) {
    if (completedAt != null && m > completedAt + 2) break;
    if (m === first) pct = Math.round(rng.range(0, 4) * 10) / 10;
    else if (pct < 100) {
      const step = rng.chance(0.1) ? 0 : rate * rng.range(0.4, 1.6);
      // At most one phase forward per month: stop just short of the start of the phase after next.
      const cap = phase + 2 < PHASE_START.length ? (PHASE_START[phase + 2] as number) - 0.1 : 100;
      pct = Math.min(100, cap, Math.round((pct + step) * 10) / 10);
    }
    let p: number;
    if (pct >= 100) {
      if (completedAt == null) completedAt = m;
      p = m === completedAt ? ACCEPTANCE : MAINTENANCE;
    } else p = phaseOf(pct);
    phase = p;
    out.push({
      estateId: e.id,
      period: periodOf(m),
      phase: PHASES[p] as Phase,
      progressPct: pct,
      completedInvestmentWan: null,
      completed: completedAt != null,
      submittedAt: submittedAt(m, rng),
    });
  }
  return out;
}

/** Due by the 20th of the following month; about one in twenty comes in late. */
function submittedAt(period: number, rng: Rng): string {
  const next = period + 1;
  const day = rng.chance(0.05) ? rng.int(21, 28) : rng.int(5, 20);
  // Office hours in China (UTC+8), stored as UTC.
  const minutes = rng.int(8 * 60 + 30, 18 * 60) - 8 * 60;
  const t = Date.UTC(Math.floor(next / 12), next % 12, day, 0, minutes);
  return new Date(t).toISOString();
}
