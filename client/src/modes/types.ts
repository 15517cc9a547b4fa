import type { ComponentType } from 'react';
import type { EstateCollection } from '../estates/api.ts';
import type { Programme } from '../places/api.ts';
import type { DictKey } from '../i18n/dict.ts';
import type { MapController } from '../map/controller.ts';
import type { Role } from '../../../shared/auth.ts';

/** What every mode panel gets from the app shell: the place, its estates and the map. */
export interface ModePanelProps {
  programme: Programme | null;
  estates: EstateCollection;
  /** True while the estates are being fetched (an empty list then means "not yet", not "none"). */
  estatesLoading: boolean;
  controller: MapController | null;
  /**
   * The month the map's estates (tiles, list, legend counts) are shown as of, YYYY-MM; undefined:
   * the latest. Only a mode with `replaysMonths` moves it; leaving that mode goes back to the latest.
   */
  period: string | undefined;
  onPeriodChange: (period: string | undefined) => void;
  /** True while the estates are being fetched (another month's figures stay on screen meanwhile). */
  estatesFetching: boolean;
}

export interface ModeDefinition {
  /** Kept in the URL hash (`m=`), so a mode can be bookmarked. */
  id: string;
  labelKey: DictKey;
  /** When true, clicking an estate does not open its details: the panel uses clicks itself. */
  capturesEstateClicks: boolean;
  /**
   * null for the browse mode, whose panel is the app shell's own estate list and details. Loaded
   * when the mode opens (lazyPanel.ts): render it inside a Suspense boundary.
   */
  Panel: LazyPanel | null;
  /** When true, the panel's month (onPeriodChange) moves the map's estates too. */
  replaysMonths?: boolean;
  /** Roles that get the tab (all when absent). The server enforces; this only declutters. */
  roles?: readonly Role[];
}

/** A mode's panel loaded as a chunk of its own (lazyPanel.ts), with a preload for when its tab is pointed at. */
export type LazyPanel = ComponentType<ModePanelProps> & { preload: () => void };
