import { useI18n } from '../i18n/I18nProvider.tsx';
import type { TargetRow } from './types.ts';

const METRIC_LABELS: Record<string, { zh: string; en: string }> = {
  estates_started: { zh: '开工小区', en: 'Estates started' },
  estates_completed: { zh: '完工小区', en: 'Estates completed' },
  households: { zh: '惠及户数', en: 'Households' },
  floor_area_started_m2: { zh: '开工面积', en: 'Floor area started' },
  floor_area_completed_m2: { zh: '完工面积', en: 'Floor area completed' },
  resettlement_units_started: { zh: '安置住房新开工', en: 'Resettlement units started' },
  resettlement_units_built: { zh: '安置住房基本建成', en: 'Resettlement units built' },
  micro_renovation_completed: { zh: '微改造完工', en: 'Micro-renovations completed' },
};

/** Targets handed down: target vs what the plan holds vs what reports show. */
export function Targets({ targets }: { targets: TargetRow[] }) {
  const { t, lang, locale } = useI18n();
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString(locale, { maximumFractionDigits: 1 }));
  if (targets.length === 0) return null;
  return (
    <table className="db-table compact" data-testid="targets">
      <thead>
        <tr>
          <th />
          <th className="num">{t('dbTarget')}</th>
          <th className="num">{t('dbPlanned')}</th>
          <th className="num">{t('dbActual')}</th>
        </tr>
      </thead>
      <tbody>
        {targets.map((x) => (
          <tr key={x.id} title={`${x.responsibleUnit ?? ''} ${x.dueOn ?? ''} — ${x.source}`}>
            <td>{METRIC_LABELS[x.metric]?.[lang] ?? x.metric}</td>
            <td className="num">
              {n(x.target)} {x.unit}
            </td>
            <td className="num">{n(x.planned)}</td>
            <td className="num">{n(x.actual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
