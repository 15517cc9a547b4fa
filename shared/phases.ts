/**
 * The seven phases of an estate's renovation, as Nankang's 2024 plan (seed 004, 四、实施步骤) names
 * them. Order matters: progress only moves forward through this list.
 */
export const PHASES = [
  'survey',
  'design',
  'mobilisation',
  'demolition',
  'construction',
  'acceptance',
  'maintenance',
] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, { zh: string; en: string }> = {
  survey: { zh: '摸底调查', en: 'Survey' },
  design: { zh: '规划设计', en: 'Design' },
  mobilisation: { zh: '宣传动员', en: 'Mobilisation' },
  demolition: { zh: '拆违拆乱', en: 'Demolition of illegal structures' },
  construction: { zh: '项目建设', en: 'Construction' },
  acceptance: { zh: '项目验收', en: 'Acceptance' },
  maintenance: { zh: '长效管理', en: 'Long-term management' },
};

/** Accepts either the code name or the Chinese name used in the documents. */
export function parsePhase(value: string): Phase | undefined {
  const v = value.trim();
  if ((PHASES as readonly string[]).includes(v)) return v as Phase;
  return PHASES.find((p) => PHASE_LABELS[p].zh === v);
}
