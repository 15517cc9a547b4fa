import type { ModeDefinition } from './types.ts';
import { ZonesPanel } from '../zones/ZonesPanel.tsx';
import { DashboardPanel } from '../dashboard/DashboardPanel.tsx';
import { PipelinesPanel } from '../pipelines/PipelinesPanel.tsx';
import { ScopesPanel } from '../scopes/ScopesPanel.tsx';

/**
 * The app's modes, one per kind of work. Each capability adds one entry with the panel from its
 * own folder; the shell shows the tabs, keeps the mode in the URL and hands the panel the map.
 */
export const MODES: ModeDefinition[] = [
  { id: 'browse', labelKey: 'modeBrowse', capturesEstateClicks: false, Panel: null },
  { id: 'zones', labelKey: 'modeZones', capturesEstateClicks: true, Panel: ZonesPanel },
  { id: 'dashboard', labelKey: 'modeDashboard', capturesEstateClicks: false, Panel: DashboardPanel },
  { id: 'pipelines', labelKey: 'modePipelines', capturesEstateClicks: true, Panel: PipelinesPanel },
  { id: 'scopes', labelKey: 'modeScopes', capturesEstateClicks: true, Panel: ScopesPanel },
];

export function findMode(id: string | null): ModeDefinition {
  return MODES.find((m) => m.id === id) ?? MODES[0]!;
}
