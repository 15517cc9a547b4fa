import type { Queryable } from '../../db/engine.ts';
import { requireRegion } from '../../regions/service.ts';
import type { LedgerItem, LedgerResponse } from '../../../shared/progress/contract.ts';
import { daysLate, dueOn, isLate, lastDuePeriod, lateFrom, periodIndex } from '../../../shared/progress/periods.ts';
import type { Phase } from '../../../shared/phases.ts';
import { laggingSql, reportingSql, type LaggingSqlRow, type ReportingSqlRow } from './lagging-sql.ts';

export interface LedgerQuery {
  parent?: string;
  year?: number;
  period?: string;
  asOf?: string;
}

/**
 * The instant a ledger is asked as of, in Beijing time when no zone is written: a date is the end
 * of that day (23:59:59.999), a time without a zone is Beijing's.
 */
export function asOfInstant(text: string): Date {
  if (text.length === 10) return new Date(`${text}T23:59:59.999+08:00`);
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}+08:00`);
}

/**
 * The supervision ledger for one month: estates whose report came after the 20th of the
 * following month (late), estates expected to report that have not (missing, once the deadline
 * has passed), and estates or projects behind their latest due milestone (lagging), each with the
 * unit and people who answer for it, and a count per unit.
 */
export async function ledger(db: Queryable, q: LedgerQuery): Promise<LedgerResponse> {
  if (q.parent) await requireRegion(db, q.parent, 'parent');
  const asOf = q.asOf ? asOfInstant(q.asOf) : new Date();
  const period = q.period ?? lastDuePeriod(asOf);
  // What was known then: reports submitted after asOf count for nothing (lagging-sql.ts, $4).
  const params = [q.parent ?? null, q.year ?? null, period, asOf.toISOString()];
  const [reporting, lagging] = await Promise.all([
    db.query<ReportingSqlRow>(reportingSql, [...params, lateFrom(period).toISOString()]),
    db.query<LaggingSqlRow>(laggingSql, params),
  ]);
  const deadlinePassed = lateFrom(period).getTime() <= asOf.getTime();
  const items: LedgerItem[] = [];
  for (const r of reporting) {
    const base = {
      period, unit: r.unit, personInCharge: r.person_in_charge, leader: r.leader, districtName: r.district_name, streetName: r.street_name,
      estateId: r.id, estateName: r.name, projectId: r.project_id, projectName: r.project_name, dueOn: dueOn(period),
      milestone: null, actualPhase: null, actualProgressPct: null, behindPct: null, phasesBehind: null,
    };
    if (r.first_submitted) {
      const at = new Date(r.first_submitted);
      if (isLate(period, at)) {
        items.push({ ...base, kind: 'late', submittedAt: r.first_submitted, daysLate: daysLate(period, at), synthetic: Boolean(r.report_synthetic) });
      }
      continue;
    }
    if (!deadlinePassed || r.completed_before) continue;
    // Reporting begins with the plan (its issue month, else January of its year) or with the
    // estate's first report if that came earlier.
    const planStart = r.issued_period ?? `${r.plan_year}-01`;
    const start = r.first_period && r.first_period < planStart ? r.first_period : planStart;
    if (periodIndex(period) < periodIndex(start)) continue;
    items.push({ ...base, kind: 'missing', submittedAt: null, daysLate: null, synthetic: false });
  }
  for (const l of lagging) {
    items.push({
      kind: 'lagging', period, unit: l.unit, personInCharge: l.person_in_charge, leader: l.leader, districtName: l.district_name,
      streetName: l.street_name, estateId: l.estate_id, estateName: l.estate_name, projectId: l.project_id, projectName: l.project_name,
      dueOn: null, submittedAt: null, daysLate: null,
      milestone: { year: l.year, quarter: l.quarter, phase: l.planned_phase as Phase | null, progressPct: l.planned_progress_pct, description: l.description },
      actualPhase: l.actual_phase as Phase | null, actualProgressPct: l.actual_progress_pct, behindPct: l.behind_pct, phasesBehind: l.phases_behind,
      synthetic: l.synthetic,
    });
  }
  const units = new Map<string, { unit: string; lagging: number; late: number; missing: number }>();
  for (const it of items) {
    const u = units.get(it.unit) ?? { unit: it.unit, lagging: 0, late: 0, missing: 0 };
    u[it.kind]++;
    units.set(it.unit, u);
  }
  const byUnit = [...units.values()].sort((a, b) => b.lagging + b.late + b.missing - (a.lagging + a.late + a.missing) || a.unit.localeCompare(b.unit));
  return { period, asOf: asOf.toISOString(), items, byUnit };
}
