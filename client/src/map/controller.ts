import maplibregl, { type GeoJSONSource, type LngLatBoundsLike, type Map as MlMap, type MapMouseEvent, type VectorTileSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import type { EstateCollection } from '../estates/api.ts';
import type { RegionCollection, RoadCollection } from '../places/api.ts';
import type { ColourMode } from './classes.ts';
import { labelPoints, type Bbox } from './geometry.ts';
import { estateGroupColour, GROUP_LAYERS, installCountImages } from '../estates/groupLayers.ts';
import { DISTRICT_MAX_ZOOM } from '../../../shared/tiles/estate-groups.ts';
import { labelLayer, programmeLayers, type Label, type LabelStyle, type ProgrammeMarker } from './layers.ts';
import { declutter } from './declutter.ts';
import { overlayPadding } from './overlayPadding.ts';
import {
  BUILDING_HIT_LAYERS,
  buildingColour,
  defaultStyle,
  ESTATE_HIT_LAYERS,
  estateModeStyle,
  HATCH_IMAGE,
  hatchImage,
  LYR,
  OVERLAY_LAYERS,
  overlaySources,
  provisionalStroke,
  SRC,
  TILES,
  tileUrl,
  type SourceId,
} from './style.ts';
import { installEstateHover } from './hover.ts';
import { exposeForTests } from './testHooks.ts';

export interface ViewChange {
  zoom: number;
  bounds: Bbox;
}

export interface MapControllerOptions {
  container: HTMLElement;
  /** A MapLibre style URL from configuration; null draws the built-in local basemap. */
  basemapStyleUrl: string | null;
}

type Listener<T> = (value: T) => void;

/** Modifier keys held during an estate click (shift-click adds to a selection in planner modes). */
export interface ClickModifiers {
  shiftKey: boolean;
}

/** A click on a pickable deck.gl layer that a capability added through setOverlayLayers. */
export interface OverlayClick {
  layerId: string;
  object: unknown;
  lngLat: [number, number];
}

const CHINA_VIEW = { center: [104.5, 35.5] as [number, number], zoom: 3.3 };

type LabelGroupId = 'estate' | 'street' | 'district';
/** Label groups in placement order: estates win over streets, streets over districts. */
const LABEL_GROUPS: { id: LabelGroupId; zoom: [number, number]; style: LabelStyle }[] = [
  { id: 'estate', zoom: [14, 24], style: { size: 14, colour: [30, 30, 30, 255] } },
  { id: 'street', zoom: [11, 16], style: { size: 13, colour: [96, 108, 124, 255] } },
  { id: 'district', zoom: [7, 12], style: { size: 16, colour: [70, 84, 102, 255], weight: 'bold' } },
];

/**
 * The one owner of the MapLibre map and its interleaved deck.gl overlay. React hands it data through
 * the set* methods and listens through on*; React never renders the map itself, so a state change in
 * the panel never re-creates WebGL resources. Everything set before the style loads is kept and
 * applied on load.
 */
export class MapController {
  readonly map: MlMap;
  private readonly overlay: MapboxOverlay;
  private readonly container: HTMLElement;
  private readonly removeHover: () => void;
  private loaded = false;

  private estates: EstateCollection = { type: 'FeatureCollection', features: [] };
  private colourMode: ColourMode = 'progress';
  /** Which estates the tiles carry (a programme's districts and year, or everything) and as of which month. */
  private tileFilter: { district?: string; year?: number; period?: string } | null = null;
  private selectedId: number | null = null;
  /** All label anchors per group, and the subset that fits on screen without overlapping. */
  private readonly labels: Record<LabelGroupId, { all: Label[]; shown: Label[] }> = {
    estate: { all: [], shown: [] },
    street: { all: [], shown: [] },
    district: { all: [], shown: [] },
  };
  private programmeMarkers: ProgrammeMarker[] = [];
  private pendingSources = new Map<SourceId, GeoJSON.FeatureCollection<GeoJSON.Geometry | null>>();
  private zoomBand = '';
  private idleToken = 0;

  /** deck.gl layers owned by a capability (zones, pipelines, dashboard…), keyed by owner. */
  private readonly overlayLayers = new Map<string, Layer[]>();
  /** Layers switched off in the layer panel (layers/): MapLibre ids and deck.gl ids. */
  private hiddenMap = new Set<string>();
  private hiddenDeck = new Set<string>();
  /** What deck.gl was last given, for tests (window.__deckLayers). */
  private deckLayers: Layer[] = [];
  private readonly estateClick = new Set<(id: number | null, modifiers: ClickModifiers) => void>();
  private readonly overlayClick = new Set<Listener<OverlayClick>>();
  private readonly overlayHover = new Set<Listener<OverlayClick | null>>();
  private readonly programmeClick = new Set<Listener<string>>();
  private readonly viewChange = new Set<Listener<ViewChange>>();
  private readonly idleChange = new Set<Listener<boolean>>();
  /** While someone places an estate (待落图): the next map click is a location, not a pick. */
  private locationPick: ((lngLat: [number, number]) => void) | null = null;

  constructor({ container, basemapStyleUrl }: MapControllerOptions) {
    this.container = container;
    container.dataset.mapIdle = 'false';
    container.dataset.estateCount = '0';
    this.map = new maplibregl.Map({
      container,
      style: basemapStyleUrl ?? defaultStyle(),
      ...CHINA_VIEW,
      maxPitch: 70,
      attributionControl: {
        compact: true,
        customAttribution: basemapStyleUrl ? '合成几何 synthetic geometry' : 'Natural Earth · 合成几何 synthetic geometry',
      },
    });
    this.map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.overlay = new MapboxOverlay({ interleaved: true, layers: [] });
    this.map.addControl(this.overlay);

    this.map.on('load', () => this.onLoad());
    this.map.on('click', (e) => this.onClick(e));
    this.map.on('moveend', () => {
      this.relabel();
      this.emitView();
    });
    this.map.on('resize', () => this.relabel());
    this.map.on('zoom', () => this.onZoom());
    this.removeHover = installEstateHover(this.map, () => this.colourMode);
    this.map.on('mousemove', (e) => this.onMouseMove(e));
    this.map.on('mouseout', () => {
      cancelAnimationFrame(this.hoverFrame);
      this.hoverFrame = 0;
      if (this.hovering) this.overlayHover.forEach((fn) => fn(null));
      this.hovering = false;
    });
    exposeForTests(this.map, container, () => this.deckLayers.map((l) => ({ id: l.id, visible: l.props.visible !== false })));
  }

  // ---- data in -------------------------------------------------------------------------------

  /**
   * The programme's estates: the panel's list, the labels and the count for tests. The map draws
   * estates and buildings from vector tiles (setTileFilter), not from this collection; estates
   * without a red line are labelled at their provisional point, and those not placed not at all.
   */
  setEstates(collection: EstateCollection): void {
    this.estates = collection;
    this.labels.estate.all = labelPoints(collection.features, (f) => f.properties.name, (f) => f.properties.floorAreaM2 ?? 0);
    this.container.dataset.estateCount = String(collection.features.length);
    this.relabel(false);
    this.renderDeck();
  }

  /**
   * Limits the estate and building tiles to a programme (its districts and year); null shows all.
   * With a period (YYYY-MM) the tiles carry the estates' figures as of the end of that month.
   */
  setTileFilter(filter: { districts: string[]; year: number; period?: string } | null): void {
    const next = filter ? { district: filter.districts.join(','), year: filter.year, ...(filter.period ? { period: filter.period } : {}) } : null;
    if (JSON.stringify(next) === JSON.stringify(this.tileFilter)) return;
    this.tileFilter = next;
    this.applyTiles();
  }

  /**
   * Fetches the estate, building and zone tiles again after an edit. Tiles are revalidated
   * (no-cache + ETag) and the server's tile cache was invalidated by NOTIFY: the ones that changed
   * come back new, the rest as 304.
   */
  reloadTiles(): void {
    this.applyTiles();
  }

  setColourMode(mode: ColourMode): void {
    if (mode === this.colourMode) return;
    this.colourMode = mode;
    this.applyEstateStyle();
  }

  setSelectedEstate(id: number | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.applyEstateStyle();
    this.relabel(false);
    this.renderDeck();
  }

  /** Province outlines and roads belong to the built-in basemap; a configured style ignores them. */
  setProvinces(fc: RegionCollection): void {
    this.setSource(SRC.provinces, fc);
  }

  setRoads(fc: RoadCollection): void {
    this.setSource(SRC.roads, fc);
  }

  setDistricts(fc: RegionCollection): void {
    this.setSource(SRC.districts, fc);
    this.labels.district.all = labelPoints(fc.features, (f) => f.properties.name);
    this.relabel(false);
    this.renderDeck();
  }

  setStreets(fc: RegionCollection): void {
    this.setSource(SRC.streets, fc);
    this.labels.street.all = labelPoints(fc.features, (f) => f.properties.name);
    this.relabel(false);
    this.renderDeck();
  }

  setProgrammeMarkers(markers: ProgrammeMarker[]): void {
    this.programmeMarkers = markers;
    this.renderDeck();
  }

  /**
   * Capability layers are drawn above buildings and below labels. Owners replace their own list
   * each time (deck.gl diffs layers by id) and clear it with [] when their mode closes.
   */
  setOverlayLayers(owner: string, layers: Layer[]): void {
    if (layers.length === 0) this.overlayLayers.delete(owner);
    else this.overlayLayers.set(owner, layers);
    this.renderDeck();
  }

  /**
   * Hides layers (the layer panel's toggles): MapLibre layers by their layout visibility, deck.gl
   * layers by `visible: false` whoever owns them, so an owner need not know about the panel. A
   * hidden layer is neither drawn nor picked.
   */
  setHiddenLayers(hidden: { map: string[]; deck: string[] }): void {
    const map = new Set(hidden.map);
    const deck = new Set(hidden.deck);
    const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
    if (same(map, this.hiddenMap) && same(deck, this.hiddenDeck)) return;
    const shownAgain = [...this.hiddenMap].filter((id) => !map.has(id));
    this.hiddenMap = map;
    this.hiddenDeck = deck;
    this.applyVisibility(shownAgain);
    this.renderDeck();
  }

  fitBounds(bbox: Bbox, options: { pitch?: number; maxZoom?: number; padding?: number; animate?: boolean } = {}): void {
    const bounds: LngLatBoundsLike = [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ];
    // What lies over the map (the legend, a panel laid over it as a bottom sheet on a phone, any
    // element marked data-map-overlay) is kept clear of what is framed.
    const pad = options.padding ?? 48;
    this.map.fitBounds(bounds, {
      padding: overlayPadding(this.container, pad),
      maxZoom: options.maxZoom ?? 17,
      pitch: options.pitch ?? 0,
      bearing: 0,
      duration: options.animate === false ? 0 : 900,
    });
  }

  /**
   * Hands the next click on the map to onPick as [lon, lat] instead of picking an estate (a
   * crosshair shows it). Returns a function that cancels; a new call replaces an unfinished one.
   */
  pickLocation(onPick: (lngLat: [number, number]) => void): () => void {
    const pick = (lngLat: [number, number]) => {
      done();
      onPick(lngLat);
    };
    const done = () => {
      if (this.locationPick !== pick) return;
      this.locationPick = null;
      this.container.classList.remove('picking-location');
    };
    this.locationPick = pick;
    this.container.classList.add('picking-location');
    return done;
  }

  /** All of China: where a programme is when nothing about its place is known yet. */
  showCountry(): void {
    this.map.flyTo({ ...CHINA_VIEW, pitch: 0, bearing: 0, duration: 900 });
  }

  // ---- events out ----------------------------------------------------------------------------

  onEstateClick(fn: (id: number | null, modifiers: ClickModifiers) => void): () => void {
    this.estateClick.add(fn);
    return () => {
      this.estateClick.delete(fn);
    };
  }

  onOverlayClick(fn: Listener<OverlayClick>): () => void {
    return subscribe(this.overlayClick, fn);
  }

  /** The pickable overlay object under the pointer (null when it leaves one), at most once a frame. */
  onOverlayHover(fn: Listener<OverlayClick | null>): () => void {
    return subscribe(this.overlayHover, fn);
  }

  onProgrammeClick(fn: Listener<string>): () => void {
    return subscribe(this.programmeClick, fn);
  }

  onViewChange(fn: Listener<ViewChange>): () => void {
    return subscribe(this.viewChange, fn);
  }

  /** True once the map has drawn everything it was last given (tiles loaded), false while it works. */
  get idle(): boolean {
    return this.container.dataset.mapIdle === 'true';
  }

  /** Called with false when the map starts working on a change, true when it has drawn it. */
  onIdleChange(fn: Listener<boolean>): () => void {
    return subscribe(this.idleChange, fn);
  }

  destroy(): void {
    this.removeHover();
    this.estateClick.clear();
    this.overlayClick.clear();
    this.overlayHover.clear();
    cancelAnimationFrame(this.hoverFrame);
    this.programmeClick.clear();
    this.viewChange.clear();
    this.idleChange.clear();
    this.map.remove();
  }

  // ---- internals -----------------------------------------------------------------------------

  private onLoad(): void {
    const { data, width, height } = hatchImage();
    if (!this.map.hasImage(HATCH_IMAGE)) this.map.addImage(HATCH_IMAGE, { width, height, data });
    installCountImages(this.map);
    for (const [id, spec] of Object.entries(overlaySources())) if (!this.map.getSource(id)) this.map.addSource(id, spec);
    for (const layer of OVERLAY_LAYERS) if (!this.map.getLayer(layer.id)) this.map.addLayer(layer);
    this.loaded = true;
    for (const [id, fc] of this.pendingSources) this.setSource(id, fc);
    this.pendingSources.clear();
    this.applyTiles();
    this.applyEstateStyle();
    this.applyVisibility([]);
    this.renderDeck();
    this.emitView();
  }

  private applyVisibility(shownAgain: string[]): void {
    if (!this.loaded) return;
    for (const id of shownAgain) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', 'visible');
    for (const id of this.hiddenMap) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', 'none');
    this.markBusy();
  }

  private setSource(id: SourceId, fc: GeoJSON.FeatureCollection<GeoJSON.Geometry | null>): void {
    if (!this.loaded) {
      this.pendingSources.set(id, fc);
      return;
    }
    // MapLibre wants a geometry on every feature; regions without an outline arrive with null.
    const drawable = { ...fc, features: fc.features.filter((f) => f.geometry !== null) } as GeoJSON.FeatureCollection;
    // A configured basemap has no provinces/roads sources: silently skip them.
    (this.map.getSource(id) as GeoJSONSource | undefined)?.setData(drawable);
    this.markBusy();
  }

  private applyTiles(): void {
    if (!this.loaded) return;
    for (const [layer, { source }] of Object.entries(TILES)) {
      (this.map.getSource(source) as VectorTileSource | undefined)?.setTiles([tileUrl(layer, this.tileFilter)]);
    }
    this.markBusy();
  }

  /** Colour mode and selection are paint and filter changes: the GPU recolours, nothing is re-fetched. */
  private applyEstateStyle(): void {
    if (!this.loaded) return;
    const style = estateModeStyle(this.colourMode);
    this.map.setPaintProperty(LYR.estatesFill, 'fill-color', style.fillColour);
    this.map.setFilter(LYR.estatesFill, style.fillFilter as never);
    this.map.setFilter(LYR.estatesNoData, style.noDataFilter as never);
    this.map.setPaintProperty(LYR.estatesDots, 'circle-color', style.dotColour);
    this.map.setPaintProperty(LYR.estatesProvisional, 'circle-color', style.dotColour);
    this.map.setPaintProperty(GROUP_LAYERS.circles, 'circle-color', estateGroupColour(this.colourMode));
    this.map.setPaintProperty(LYR.estatesProvisional, 'circle-stroke-color', provisionalStroke(this.selectedId));
    this.map.setPaintProperty(LYR.buildings, 'fill-extrusion-color', buildingColour(this.colourMode, this.selectedId));
    this.map.setFilter(LYR.estatesSelected, ['==', ['id'], this.selectedId ?? -1]);
    this.markBusy();
  }

  private renderDeck(): void {
    const zoom = this.map.getZoom();
    const layers: Layer[] = [];
    for (const owned of this.overlayLayers.values()) layers.push(...owned);
    layers.push(...LABEL_GROUPS.map((g) => labelLayer(`${g.id}-labels`, this.labels[g.id].shown, g.style, inBand(zoom, g.zoom))));
    if (this.estates.features.length === 0) layers.push(...programmeLayers(this.programmeMarkers));
    this.deckLayers = layers.map((layer) => (this.hiddenDeck.has(layer.id) ? layer.clone({ visible: false }) : layer));
    this.overlay.setProps({ layers: this.deckLayers });
    this.markBusy();
  }

  /**
   * Chooses which labels to draw: those of the groups visible at this zoom that fit without
   * overlapping, the selected estate's first. Called when the camera stops or labels change.
   */
  private relabel(render = true): void {
    const zoom = this.map.getZoom();
    const canvas = this.map.getCanvas();
    const screen = { width: canvas.clientWidth, height: canvas.clientHeight };
    const candidates = LABEL_GROUPS.flatMap((g, rank) =>
      inBand(zoom, g.zoom)
        ? this.labels[g.id].all.map((label) => ({
            group: g.id,
            size: g.style.size,
            label: {
              ...label,
              priority:
                g.id === 'estate' && label.id === this.selectedId ? Infinity : (LABEL_GROUPS.length - rank) * 1e12 + (label.priority ?? 0),
            },
          }))
        : [],
    );
    const kept = declutter(candidates, (p) => this.map.project(p), screen);
    for (const g of LABEL_GROUPS) this.labels[g.id].shown = kept.filter((c) => c.group === g.id).map((c) => c.label);
    if (render) this.renderDeck();
  }

  /** Label visibility depends on zoom bands; re-render deck only when a band is crossed. */
  private onZoom(): void {
    const z = this.map.getZoom();
    const band = LABEL_GROUPS.map((g) => inBand(z, g.zoom)).join();
    if (band !== this.zoomBand) {
      this.zoomBand = band;
      this.renderDeck();
    }
  }

  private onClick(e: MapMouseEvent): void {
    if (this.locationPick) {
      this.locationPick([e.lngLat.lng, e.lngLat.lat]);
      return;
    }
    const { x, y } = e.point;
    const modifiers: ClickModifiers = { shiftKey: e.originalEvent.shiftKey };
    const overlayIds = this.pickableOverlayIds();
    if (overlayIds.length > 0) {
      const hit = this.overlay.pickObject({ x, y, radius: 3, layerIds: overlayIds });
      if (hit?.layer) {
        const click: OverlayClick = { layerId: hit.layer.id, object: hit.object, lngLat: [e.lngLat.lng, e.lngLat.lat] };
        this.overlayClick.forEach((fn) => fn(click));
        return;
      }
    }
    const picked = this.overlay.pickObject({ x, y, radius: 2, layerIds: ['programme-dots'] });
    if (picked?.layer?.id === 'programme-dots') {
      const marker = picked.object as ProgrammeMarker;
      this.programmeClick.forEach((fn) => fn(marker.key));
      return;
    }
    // The topmost of what is drawn there: an aggregate circle (drawn above the estates) or an estate.
    const hit = this.loaded ? this.map.queryRenderedFeatures(e.point, { layers: [GROUP_LAYERS.circles, ...BUILDING_HIT_LAYERS, ...ESTATE_HIT_LAYERS] })[0] : undefined;
    if (hit?.layer.id === GROUP_LAYERS.circles && hit.geometry.type === 'Point') {
      this.zoomIntoGroup(hit.geometry.coordinates as [number, number], hit.properties.level);
      return;
    }
    const raw = hit === undefined ? null : hit.layer.id === LYR.buildings ? hit.properties.estateId : hit.id;
    const id = raw === null || raw === undefined ? null : Number(raw);
    this.estateClick.forEach((fn) => fn(id, modifiers));
  }

  /**
   * A click on an aggregate circle zooms in on it, as a cluster opens: a district's circle to the
   * first zoom that counts by street, a street's two zoom levels closer, until its estates fit
   * under the tile cap and are drawn singly.
   */
  private zoomIntoGroup(at: [number, number], level: unknown): void {
    const closer = this.map.getZoom() + 2;
    const zoom = Math.min(16, level === 'district' ? Math.max(closer, DISTRICT_MAX_ZOOM + 1) : closer);
    this.map.easeTo({ center: at, zoom });
  }

  private pickableOverlayIds(): string[] {
    return [...this.overlayLayers.values()]
      .flat()
      .filter((l) => l.props.pickable && !this.hiddenDeck.has(l.id))
      .map((l) => l.id);
  }

  private hoverFrame = 0;
  private hovering = false;
  private onMouseMove(e: MapMouseEvent): void {
    if (this.overlayHover.size === 0 || this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const overlayIds = this.pickableOverlayIds();
      const hit = overlayIds.length > 0 ? this.overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 3, layerIds: overlayIds }) : null;
      if (!hit?.layer) {
        if (this.hovering) this.overlayHover.forEach((fn) => fn(null));
        this.hovering = false;
        return;
      }
      this.hovering = true;
      const over: OverlayClick = { layerId: hit.layer.id, object: hit.object, lngLat: [e.lngLat.lng, e.lngLat.lat] };
      this.overlayHover.forEach((fn) => fn(over));
    });
  }

  private setIdle(idle: boolean): void {
    const was = this.container.dataset.mapIdle === 'true';
    this.container.dataset.mapIdle = String(idle);
    if (was !== idle) this.idleChange.forEach((fn) => fn(idle));
  }

  private emitView(): void {
    const b = this.map.getBounds();
    const view: ViewChange = { zoom: this.map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
    this.viewChange.forEach((fn) => fn(view));
  }

  /**
   * Tests and screenshots need to know when what was set is actually on screen: mark the container
   * busy on every change and idle on the next `idle` event after the latest change.
   */
  private markBusy(): void {
    const token = ++this.idleToken;
    this.setIdle(false);
    const settle = () => {
      if (token === this.idleToken) this.setIdle(true);
    };
    this.map.once('idle', settle);
    this.map.triggerRepaint();
    // MapLibre fires `idle` only at the end of a frame with nothing loading; a change made while a
    // frame is being drawn can leave no frame after it, and no `idle`. Look again every half second
    // until the map has loaded everything and stands still.
    const watch = () => {
      if (token !== this.idleToken || this.container.dataset.mapIdle === 'true') return;
      if (this.map.loaded() && !this.map.isMoving()) settle();
      else setTimeout(watch, 500);
    };
    setTimeout(watch, 1000);
  }
}

const inBand = (z: number, [min, max]: [number, number]) => z >= min && z < max;

function subscribe<T>(set: Set<Listener<T>>, fn: Listener<T>): () => void {
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}

