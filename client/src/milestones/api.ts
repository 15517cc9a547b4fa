import { getJson, sendJson } from '../api/http.ts';
import type {
  MilestoneItem, MilestonesImportResponse, MilestonesResponse, PlanMilestone, PlanSummary, PlanTarget, TargetItem,
  TargetsImportResponse, TargetsResponse,
} from '../../../shared/milestones/api.ts';

/** The calls of plan management's milestones and targets (server/milestones, server/progress/targets). */
export const goalsApi = {
  milestones: (planId: number, signal?: AbortSignal) => getJson<MilestonesResponse>(`/api/plans/${planId}/milestones`, signal),
  saveMilestones: (planId: number, version: number, milestones: MilestoneItem[]) =>
    sendJson<MilestonesResponse>('PUT', `/api/plans/${planId}/milestones`, { version, milestones }),
  importMilestones: (planId: number, file: File, confirmAt?: number) =>
    sendJson<MilestonesImportResponse>('POST', `/api/plans/${planId}/milestones/import`, form(file, confirmAt)),
  targets: (planId: number, signal?: AbortSignal) => getJson<TargetsResponse>(`/api/plans/${planId}/targets`, signal),
  saveTargets: (planId: number, version: number, targets: TargetItem[]) => sendJson<TargetsResponse>('PUT', `/api/plans/${planId}/targets`, { version, targets }),
  importTargets: (planId: number, file: File, confirmAt?: number) =>
    sendJson<TargetsImportResponse>('POST', `/api/plans/${planId}/targets/import`, form(file, confirmAt)),
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
