import type { ModeDefinition } from './types.ts';
import { lazyPanel } from './lazyPanel.ts';
import type { Role } from '../../../shared/auth.ts';

// Each panel loads when its mode opens (lazyPanel.ts): browsing, the first map, needs none of them.
const ZonesPanel = lazyPanel(() => import('../zones/ZonesPanel.tsx').then((m) => m.ZonesPanel));
const DashboardPanel = lazyPanel(() => import('../dashboard/DashboardPanel.tsx').then((m) => m.DashboardPanel));
const PipelinesPanel = lazyPanel(() => import('../pipelines/PipelinesPanel.tsx').then((m) => m.PipelinesPanel));
const ReportsPanel = lazyPanel(() => import('../reports/ReportsPanel.tsx').then((m) => m.ReportsPanel));
const AuditPanel = lazyPanel(() => import('../audit/AuditPanel.tsx').then((m) => m.AuditPanel));
const ScopesPanel = lazyPanel(() => import('../scopes/ScopesPanel.tsx').then((m) => m.ScopesPanel));
const AccountsPanel = lazyPanel(() => import('../accounts/AccountsPanel.tsx').then((m) => m.AccountsPanel));
const GoalsPanel = lazyPanel(() => import('../milestones/GoalsPanel.tsx').then((m) => m.GoalsPanel));
const PlansPanel = lazyPanel(() => import('../plans/PlansPanel.tsx').then((m) => m.PlansPanel));

/**
 * The app's modes, one per kind of work. Each capability adds one entry with the panel from its
 * own folder; the shell shows the tabs, keeps the mode in the URL and hands the panel the map.
 */
export const MODES: ModeDefinition[] = [
  { id: 'browse', labelKey: 'modeBrowse', capturesEstateClicks: false, Panel: null },
  { id: 'zones', labelKey: 'modeZones', capturesEstateClicks: true, Panel: ZonesPanel, roles: ['admin', 'planner'] },
  { id: 'dashboard', labelKey: 'modeDashboard', capturesEstateClicks: false, Panel: DashboardPanel, replaysMonths: true, roles: ['admin', 'planner', 'leader', 'designer'] },
  { id: 'pipelines', labelKey: 'modePipelines', capturesEstateClicks: true, Panel: PipelinesPanel, roles: ['admin', 'planner'] },
  { id: 'scopes', labelKey: 'modeScopes', capturesEstateClicks: true, Panel: ScopesPanel, roles: ['admin', 'planner', 'designer'] },
  { id: 'reports', labelKey: 'modeReports', capturesEstateClicks: false, Panel: ReportsPanel, roles: ['reporter'] },
  { id: 'plans', labelKey: 'modePlans', capturesEstateClicks: false, Panel: PlansPanel, roles: ['admin', 'planner'] },
  { id: 'goals', labelKey: 'modeGoals', capturesEstateClicks: false, Panel: GoalsPanel, roles: ['admin', 'planner'] },
  { id: 'audit', labelKey: 'modeAudit', capturesEstateClicks: false, Panel: AuditPanel, roles: ['admin'] },
  { id: 'accounts', labelKey: 'modeAccounts', capturesEstateClicks: false, Panel: AccountsPanel, roles: ['admin'] },
];

/** The modes a role works in. */
export function modesFor(role: Role): ModeDefinition[] {
  return MODES.filter((m) => !m.roles || m.roles.includes(role));
}

/** The mode in the URL if this role has it, else browsing. */
export function findMode(id: string | null, role: Role): ModeDefinition {
  return modesFor(role).find((m) => m.id === id) ?? MODES[0]!;
}
