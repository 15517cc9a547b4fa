import { queryOptions } from '@tanstack/react-query';
import { call, keyOf } from '../api/call.ts';
import { milestonesContract, type MilestoneItem, type PlanMilestone, type PlanTarget, type TargetItem } from '../../../shared/milestones/contract.ts';

const r = milestonesContract.routes;

/** The calls of plan management's milestones and targets (shared/milestones/contract.ts). */
export const goalsApi = {
  saveMilestones: (planId: number, version: number, milestones: MilestoneItem[]) => call(r.saveMilestones, { params: { id: planId }, body: { version, milestones } }),
  importMilestones: (planId: number, file: File, confirmAt?: number) => call(r.importMilestones, { params: { id: planId }, body: form(file, confirmAt) }),
  saveTargets: (planId: number, version: number, targets: TargetItem[]) => call(r.saveTargets, { params: { id: planId }, body: { version, targets } }),
  importTargets: (planId: number, file: File, confirmAt?: number) => call(r.importTargets, { params: { id: planId }, body: form(file, confirmAt) }),
};

/** A plan's milestones and targets as saved; always refetched when shown (the version a save is checked against). */
export const goalsQueries = {
  milestones: (planId: number) => {
    const input = { params: { id: planId } };
    return queryOptions({ queryKey: keyOf(r.milestones, input), queryFn: ({ signal }) => call(r.milestones, { ...input, signal }), staleTime: 0 });
  },
  targets: (planId: number) => {
    const input = { params: { id: planId } };
    return queryOptions({ queryKey: keyOf(r.targets, input), queryFn: ({ signal }) => call(r.targets, { ...input, signal }), staleTime: 0 });
  },
};

/** Preview when no version is given; confirm at that version otherwise. */
function form(file: File, confirmAt?: number): FormData {
  const fd = new FormData();
  fd.set('file', file);
  if (confirmAt === undefined) fd.set('preview', 'true');
  else fd.set('version', String(confirmAt));
  return fd;
}

/** A milestone as the PUT takes it back (its id keeps its row). */
export const milestoneItem = (m: PlanMilestone): MilestoneItem => ({
  id: m.id, year: m.year, quarter: m.quarter, estateId: m.estateId, projectId: m.projectId, phase: m.phase, progressPct: m.progressPct, description: m.description,
});

export const targetItem = (x: PlanTarget): TargetItem => ({
  id: x.id, regionCode: x.regionCode, year: x.year, metric: x.metric as TargetItem['metric'], value: x.value, unit: x.unit,
  responsibleUnit: x.responsibleUnit, dueOn: x.dueOn,
});
