import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import type { Conflict, WorkFeature, WorkProperties } from '../../../shared/pipelines/contract.ts';
import { UTILITY_COLOURS } from './layers.ts';

/** A work as people name it: its operator and the road it runs along (not its database id). */
export function WorkName({ work, id }: { work: WorkProperties | undefined; id: number }): ReactNode {
  const { t } = useI18n();
  if (!work) return `#${id}`;
  return (
    <span className="pipe-work-name" title={`${t(`util_${work.utility}` as DictKey)} · #${id}`}>
      <span className="swatch" style={{ background: `rgb(${UTILITY_COLOURS[work.utility].join(',')})` }} /> {work.owner} · {work.road ?? t('pipeOffRoad')}
    </span>
  );
}

/** A pipeline work's popup: operator, utility, road, dates, length and status. */
export function WorkPopup({ work }: { work: WorkProperties }) {
  const { t } = useI18n();
  return (
    <div data-work={work.id}>
      <h4>
        <WorkName work={work} id={work.id} />
      </h4>
      <dl>
        <dt>{t('pipeOperator')}</dt>
        <dd data-field="owner">{work.owner}</dd>
        <dt>{t('pipeUtility')}</dt>
        <dd data-field="utility">{t(`util_${work.utility}` as DictKey)}</dd>
        <dt>{t('pipeRoad')}</dt>
        <dd data-field="road">{work.road ?? t('pipeOffRoad')}</dd>
        <dt>{t('pipeDates')}</dt>
        <dd data-field="dates">
          {work.startDate} – {work.endDate}
        </dd>
        <dt>{t('pipeLength')}</dt>
        <dd data-field="length">{work.lengthMeters.toFixed(1)} m</dd>
        <dt>{t('pipeStatus')}</dt>
        <dd data-field="status">{t(`pipeStatus_${work.status}` as DictKey)}</dd>
      </dl>
      {work.synthetic && <p className="synthetic-note">synthetic</p>}
    </div>
  );
}

/** A conflict's popup: the two works, their kind, shared length and gap in days. */
export function ConflictPopup({ conflict, byId }: { conflict: Conflict; byId: Map<number, WorkFeature> }) {
  const { t } = useI18n();
  const a = byId.get(conflict.a)?.properties;
  const b = byId.get(conflict.b)?.properties;
  return (
    <div data-pair={`${conflict.a}-${conflict.b}`}>
      <h4>
        {t('pipeConflict')} · {t(`pipeKind_${conflict.kind}` as DictKey)}
      </h4>
      <p className="pipe-popup-works">
        <WorkName work={a} id={conflict.a} />
        {a && ` (${a.startDate} – ${a.endDate})`}
        <br />
        <WorkName work={b} id={conflict.b} />
        {b && ` (${b.startDate} – ${b.endDate})`}
      </p>
      <dl>
        <dt>{t('pipeShared')}</dt>
        <dd data-field="shared">{conflict.sharedLengthMeters.toFixed(1)}</dd>
        <dt>{t('pipeGap')}</dt>
        <dd data-field="gap">{conflict.gapDays}</dd>
      </dl>
    </div>
  );
}
