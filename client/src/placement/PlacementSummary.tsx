import type { EstateCollection } from '../estates/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { placementCounts } from './counts.ts';

/** One line saying how much of the programme is on the map; nothing when every estate has its red line. */
export function PlacementSummary({ estates }: { estates: EstateCollection }) {
  const { t } = useI18n();
  const c = placementCounts(estates);
  if (estates.features.length === 0 || c.red_line === estates.features.length) return null;
  const text = t('placementSummary')
    .replace('{placed}', String(c.red_line + c.provisional_point))
    .replace('{redLine}', String(c.red_line))
    .replace('{points}', String(c.provisional_point))
    .replace('{unplaced}', String(c.unplaced));
  return (
    <p className="placement-summary" data-testid="placement-summary" data-unplaced={c.unplaced}>
      {text}
    </p>
  );
}
