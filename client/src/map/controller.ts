import maplibregl, { type GeoJSONSource, type LngLatBoundsLike, type Map as MlMap, type MapMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import type { BuildingFeature, EstateCollection, EstateFeature, RegionCollection, RoadCollection } from '../api/types.ts';
import { classify, hexToRgb, NO_DATA, type ColourMode } from './classes.ts';
import { labelPoints, type Bbox } from './geometry.ts';
import { buildingsLayer, estateDotsLayer, labelLayer, programmeLayers, toBuildingData, type BuildingDatum, type Label, type LabelStyle, type ProgrammeMarker } from './layers.ts';
import { declutter } from './declutter.ts';
import { defaultStyle, ESTATE_HIT_LAYERS, HATCH_IMAGE, hatchImage, LYR, OVERLAY_LAYERS, OVERLAY_SOURCES, SRC, type SourceId } from './style.ts';
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

const CHINA_VIEW = { center: [104.5, 35.5] as [number, number], zoom: 3.3 };
/** Width of the legend overlay (styles.css .legend), kept clear when framing a place. */
const LEGEND_WIDTH = 232;

/** Below this zoom estates are drawn as dots as well as polygons (see estateDotsLayer). */
const ESTATE_DOTS_MAX_ZOOM = 13;

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
  private estateColours = new Map<number, [number, number, number]>();
  /** Bumped whenever estate colours may have changed: deck.gl's cue to recompute colour accessors. */
  private colourVersion = 0;
  private buildings: BuildingDatum[] = [];
  private colourMode: ColourMode = 'progress';
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

  private readonly estateClick = new Set<Listener<number | null>>();
  private readonly programmeClick = new Set<Listener<string>>();
  private readonly viewChange = new Set<Listener<ViewChange>>();

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
    this.removeHover = installEstateHover(
      this.map,
      (id) => this.estates.features.find((f) => f.id === id),
      () => this.colourMode,
    );
    exposeForTests(this.map, container);
  }

  // ---- data in -------------------------------------------------------------------------------

  setEstates(collection: EstateCollection): void {
    this.estates = collection;
    this.labels.estate.all = labelPoints(collection.features, (f) => f.properties.name, (f) => f.properties.floorAreaM2 ?? 0);
    this.container.dataset.estateCount = String(collection.features.length);
    this.relabel(false);
    this.applyEstates();
  }

  setColourMode(mode: ColourMode): void {
    if (mode === this.colourMode) return;
    this.colourMode = mode;
    this.applyEstates();
  }

  setSelectedEstate(id: number | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    if (this.loaded) this.map.setFilter(LYR.estatesSelected, ['==', ['id'], id ?? -1]);
    this.relabel(false);
    this.renderDeck();
  }

  setBuildings(features: BuildingFeature[]): void {
    this.buildings = toBuildingData(features);
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

  fitBounds(bbox: Bbox, options: { pitch?: number; maxZoom?: number; padding?: number; animate?: boolean } = {}): void {
    const bounds: LngLatBoundsLike = [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ];
    // The legend overlay covers the map's top-left corner: keep what is framed clear of it.
    const width = this.container.clientWidth;
    const pad = options.padding ?? 48;
    const legendSide = width > 800 ? LEGEND_WIDTH + 24 : 0;
    this.map.fitBounds(bounds, {
      padding: { top: pad, bottom: pad, right: pad + 16, left: Math.max(pad, legendSide) },
      maxZoom: options.maxZoom ?? 17,
      pitch: options.pitch ?? 0,
      bearing: 0,
      duration: options.animate === false ? 0 : 900,
    });
  }

  // ---- events out ----------------------------------------------------------------------------

  onEstateClick(fn: Listener<number | null>): () => void {
    return subscribe(this.estateClick, fn);
  }

  onProgrammeClick(fn: Listener<string>): () => void {
    return subscribe(this.programmeClick, fn);
  }

  onViewChange(fn: Listener<ViewChange>): () => void {
    return subscribe(this.viewChange, fn);
  }

  destroy(): void {
    this.removeHover();
    this.estateClick.clear();
    this.programmeClick.clear();
    this.viewChange.clear();
    this.map.remove();
  }

  // ---- internals -----------------------------------------------------------------------------

  private onLoad(): void {
    const { data, width, height } = hatchImage();
    if (!this.map.hasImage(HATCH_IMAGE)) this.map.addImage(HATCH_IMAGE, { width, height, data });
    for (const [id, spec] of Object.entries(OVERLAY_SOURCES)) if (!this.map.getSource(id)) this.map.addSource(id, spec);
    for (const layer of OVERLAY_LAYERS) if (!this.map.getLayer(layer.id)) this.map.addLayer(layer);
    this.loaded = true;
    for (const [id, fc] of this.pendingSources) this.setSource(id, fc);
    this.pendingSources.clear();
    this.applyEstates();
    this.emitView();
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

  /** Writes the estates with their class colour baked in, so MapLibre styles them by property. */
  private applyEstates(): void {
    this.estateColours.clear();
    this.colourVersion++;
    const features = this.estates.features.map((f: EstateFeature) => {
      const cls = classify(this.colourMode, f.properties);
      this.estateColours.set(f.id, hexToRgb(cls.colour));
      return { ...f, properties: { ...f.properties, _cls: cls.key, _colour: cls.colour } };
    });
    if (this.loaded) {
      this.setSource(SRC.estates, { type: 'FeatureCollection', features });
      this.map.setFilter(LYR.estatesSelected, ['==', ['id'], this.selectedId ?? -1]);
    }
    this.renderDeck();
  }

  private renderDeck(): void {
    const zoom = this.map.getZoom();
    const colourOf = (id: number) => this.estateColours.get(id) ?? hexToRgb(NO_DATA.colour);
    const layers: Layer[] = [];
    if (this.buildings.length > 0) {
      layers.push(buildingsLayer(this.buildings, colourOf, this.selectedId, this.colourVersion));
    }
    layers.push(
      estateDotsLayer(this.labels.estate.all, colourOf, this.selectedId, this.colourVersion, zoom < ESTATE_DOTS_MAX_ZOOM),
      ...LABEL_GROUPS.map((g) => labelLayer(`${g.id}-labels`, this.labels[g.id].shown, g.style, inBand(zoom, g.zoom))),
    );
    if (this.estates.features.length === 0) layers.push(...programmeLayers(this.programmeMarkers));
    this.overlay.setProps({ layers });
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
    const band = [...LABEL_GROUPS.map((g) => inBand(z, g.zoom)), z < ESTATE_DOTS_MAX_ZOOM].join();
    if (band !== this.zoomBand) {
      this.zoomBand = band;
      this.renderDeck();
    }
  }

  private onClick(e: MapMouseEvent): void {
    const { x, y } = e.point;
    const picked = this.overlay.pickObject({ x, y, radius: 2, layerIds: ['buildings', 'estate-dots', 'programme-dots'] });
    if (picked?.layer?.id === 'programme-dots') {
      const marker = picked.object as ProgrammeMarker;
      this.programmeClick.forEach((fn) => fn(marker.key));
      return;
    }
    if (picked?.layer?.id === 'estate-dots' || picked?.layer?.id === 'buildings') {
      const estateId = picked.layer.id === 'buildings' ? (picked.object as BuildingDatum).estateId : (picked.object as Label).id!;
      this.estateClick.forEach((fn) => fn(estateId));
      return;
    }
    const hit = this.loaded ? this.map.queryRenderedFeatures(e.point, { layers: ESTATE_HIT_LAYERS })[0] : undefined;
    const id = hit?.id === undefined ? null : Number(hit.id);
    this.estateClick.forEach((fn) => fn(id));
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
    this.container.dataset.mapIdle = 'false';
    this.map.once('idle', () => {
      if (token === this.idleToken) this.container.dataset.mapIdle = 'true';
    });
    this.map.triggerRepaint();
  }
}

const inBand = (z: number, [min, max]: [number, number]) => z >= min && z < max;

function subscribe<T>(set: Set<Listener<T>>, fn: Listener<T>): () => void {
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}
