import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../api/http.ts';
import type { EstateCollection } from '../estates/api.ts';
import type { Programme } from '../places/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PHASE_LABELS, PHASES, type Phase } from '../../../shared/phases.ts';
import type { ProgressReport } from '../../../shared/progress/contract.ts';
import { reportQueries, reportsApi } from './api.ts';
import { defaultPeriod, lastReport, matchesName, notYetReported, prefillFrom, reportingWindow } from './defaults.ts';
import { validateReport, type ReportDraft, type ReportErrors } from './validate.ts';

/** A reporter's monthly report (月度报表) for one estate of the programme. */
export function ReportForm({ programme, estates, initialEstateId = null }: { programme: Programme; estates: EstateCollection; initialEstateId?: number | null }) {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const sorted = useMemo(() => [...estates.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'zh')), [estates]);
  const [draft, setDraft] = useState<ReportDraft>(() => ({
    estateId: initialEstateId ?? sorted[0]?.id ?? null,
    // The programme's month, not the calendar's (client/src/reports/defaults.ts).
    period: defaultPeriod(reportingWindow(programme, estates.features.map((f) => f.properties)), new Date()),
    phase: 'construction',
    progressPct: '',
    completedInvestmentWan: '',
    completed: false,
    exceedsPlan: false,
    note: '',
  }));
  const [filter, setFilter] = useState('');
  const [errors, setErrors] = useState<ReportErrors>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const estate = sorted.find((f) => f.id === draft.estateId) ?? null;
  const history = useQuery({ ...reportQueries.history(draft.estateId ?? 0), enabled: draft.estateId !== null });
  const previous = history.data?.reports.find((r) => r.current && r.period <= draft.period) ?? null;
  // Fields typed in, or only entered, since the estate was chosen: the prefill, arriving later,
  // leaves them alone. Entering counts: a prefill landing under the cursor would have the next
  // keystrokes appended to it ("100" then "55" made "10055").
  const typed = useRef(new Set<keyof ReportDraft>());
  const enter = (k: keyof ReportDraft) => () => typed.current.add(k);
  const set = <K extends keyof ReportDraft>(k: K, v: ReportDraft[K]) => {
    if (k !== 'estateId') {
      typed.current.add(k);
      setDraft((d) => ({ ...d, [k]: v }));
      return;
    }
    // Another estate: the last one's figures must not stay in the form as if they were its own.
    typed.current.clear();
    setDraft((d) => (d.estateId === v ? d : { ...d, estateId: v as number | null, ...prefillFrom(null, false) }));
  };
  const moneyAllowed = estate?.properties.investmentLevel != null;

  // Progress starts where the estate's last report left it, once per estate chosen.
  const [prefilled, setPrefilled] = useState<{ estateId: number; from: ProgressReport | null } | null>(null);
  useEffect(() => {
    const id = draft.estateId;
    if (id === null || !history.data || prefilled?.estateId === id) return;
    if (history.data.reports.some((r) => r.estateId !== id)) return;
    const last = lastReport(history.data.reports);
    const fill = prefillFrom(last, moneyAllowed);
    const untyped = Object.fromEntries(Object.entries(fill).filter(([k]) => !typed.current.has(k as keyof ReportDraft)));
    setDraft((d) => ({ ...d, ...untyped }));
    setPrefilled({ estateId: id, from: last });
  }, [draft.estateId, history.data, prefilled, moneyAllowed]);

  // The month's reports mark the estates not reported yet.
  const month = useQuery(reportQueries.month(draft.period));
  const notYet = useMemo(
    () => (month.data ? notYetReported(sorted.map((f) => f.id as number), month.data.reports) : null),
    [month.data, sorted],
  );
  const shown = useMemo(() => {
    const hits = sorted.filter((f) => matchesName(f.properties.name, filter));
    return estate && !hits.includes(estate) ? [estate, ...hits] : hits;
  }, [sorted, filter, estate]);
  const noMatch = filter.trim() !== '' && !sorted.some((f) => matchesName(f.properties.name, filter));
  const changeFilter = (text: string) => {
    setFilter(text);
    // The choice follows the filter: the first estate that matches, unless the chosen one does.
    const first = sorted.find((f) => matchesName(f.properties.name, text));
    if (first && !(estate && matchesName(estate.properties.name, text))) set('estateId', first.id as number);
  };

  const submit = async () => {
    setOutcome(null);
    const { errors: found, body } = validateReport(draft, {
      now: new Date(),
      previous,
      plannedInvestmentWan: estate?.properties.plannedInvestmentWan ?? null,
      moneyAllowed: estate?.properties.investmentLevel != null,
    });
    setErrors(found);
    if (!body) return;
    let report;
    try {
      ({ report } = await reportsApi.submit(body));
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      setOutcome({ ok: false, text: e.message });
      return;
    }
    setOutcome({ ok: true, text: `${t('rfSaved')} ${report.revision}${report.late ? ` · ${t('dbLate')}` : ''}` });
    // The figures everybody looks at move with this report.
    for (const queryKey of reportQueries.afterReport()) void client.invalidateQueries({ queryKey });
  };

  const err = (k: keyof ReportErrors) => (errors[k] ? <span className="error">{t(errors[k]!)}</span> : null);
  return (
    <form className="report-form" data-testid="report-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
      <label>
        {t('rfFilter')}
        <input
          type="search"
          data-testid="rf-filter"
          value={filter}
          aria-controls="rf-estate"
          onChange={(e) => changeFilter(e.target.value)}
          onKeyDown={(e) => {
            // Enter or ↓ goes on to the picker instead of sending the form.
            if (e.key === 'Enter' || e.key === 'ArrowDown') {
              e.preventDefault();
              document.getElementById('rf-estate')?.focus();
            }
          }}
        />
        {noMatch && <span className="hint">{t('rfNoMatch')}</span>}
      </label>
      <label>
        {t('rfEstate')}
        <select id="rf-estate" data-testid="rf-estate" value={draft.estateId ?? ''} onChange={(e) => set('estateId', Number(e.target.value))}>
          {shown.map((f) => (
            <option key={f.id} value={f.id} data-not-yet={notYet?.has(f.id as number) ? 'true' : undefined}>
              {f.properties.name} · {f.properties.streetName}
              {notYet?.has(f.id as number) ? ` · ● ${t('rfNotYet')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {notYet && (
        <p className="db-muted" data-testid="rf-not-yet-count">
          ● {t('rfNotYetCount')} ({draft.period}): {notYet.size} / {sorted.length}
        </p>
      )}
      {prefilled && prefilled.estateId === draft.estateId && (
        <p className="db-muted" data-testid="rf-prefilled">
          {prefilled.from ? `${t('rfPrefilled')} (${prefilled.from.period} r${prefilled.from.revision})` : t('rfNoLast')}
        </p>
      )}
      {previous && (
        <p className="db-muted">
          {t('rfLast')}: {previous.period} r{previous.revision} · {previous.progressPct ?? '—'}%
          {previous.completedInvestmentWan !== null ? ` · ${previous.completedInvestmentWan} ${t('uWanYuan')}` : ''}
          {previous.synthetic ? ' · synthetic' : ''}
        </p>
      )}
      <label>
        {t('rfPeriod')}
        <input type="month" value={draft.period} onChange={(e) => set('period', e.target.value)} />
        {err('period')}
      </label>
      <label>
        {t('rfPhase')}
        <select value={draft.phase} onFocus={enter('phase')} onChange={(e) => set('phase', e.target.value as Phase)}>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {PHASE_LABELS[p][lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rfProgress')}
        <input type="number" min={0} max={100} step={0.1} value={draft.progressPct} onFocus={enter('progressPct')} onChange={(e) => set('progressPct', e.target.value)} />
        {err('progressPct')}
      </label>
      <label>
        {t('rfInvestment')}
        <input
          type="number"
          min={0}
          step={0.01}
          value={draft.completedInvestmentWan}
          onFocus={enter('completedInvestmentWan')}
          disabled={estate?.properties.investmentLevel == null}
          placeholder={estate?.properties.investmentLevel == null ? t('rfNoMoney') : ''}
          onChange={(e) => set('completedInvestmentWan', e.target.value)}
        />
        {err('completedInvestmentWan')}
      </label>
      <label className="db-check">
        <input type="checkbox" checked={draft.completed} onChange={(e) => set('completed', e.target.checked)} /> {t('rfCompleted')}
        {err('completed')}
      </label>
      <label className="db-check">
        <input type="checkbox" checked={draft.exceedsPlan} onChange={(e) => set('exceedsPlan', e.target.checked)} /> {t('rfExceeds')}
        {err('exceedsPlan')}
      </label>
      <label>
        {t('rfNote')}
        <textarea rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} />
        {err('note')}
      </label>
      <button type="submit">{t('rfSubmit')}</button>
      {outcome && (
        <p className={outcome.ok ? 'ok' : 'error'} role="status" data-testid="report-outcome">
          {outcome.text}
        </p>
      )}
      <input type="hidden" value={programme.key} />
    </form>
  );
}
