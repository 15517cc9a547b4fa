import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { measureRing } from './measure.ts';
import { RingHistory, type RingState } from './ringHistory.ts';
import { snapTo } from './snapping.ts';

const RED = '#d9480f';
const round9 = (v: number) => Math.round(v * 1e9) / 1e9;

/** What the panel shows of the drawing: the closed outline (to save), the ring as it stands, figures, undo state. */
export interface EditorState {
  /** The closed outline, or null while corners are still being placed. */
  polygon: GeoJSON.Polygon | null;
  /** The ring as it stands, open while drawing (for the live overlap check and figures). */
  ring: GeoJSON.Position[];
  areaM2: number | null;
  perimeterM: number | null;
  canUndo: boolean;
  canRedo: boolean;
  /** The closed outline differs from the saved one (saving makes sense). */
  changed: boolean;
}

/**
 * Drawing and reshaping one red line with terra-draw on the MapLibre map. Corners and edges of
 * the neighbouring red lines attract the pointer (snapping), so adjoining estates share their
 * boundary instead of overlapping or leaving slivers. The figures shown while drawing are
 * geodesic (measure.ts); the saved figure is the server's, in the local Gauss–Krüger zone.
 *
 * Undo/redo: while corners are being placed, terra-draw's polygon mode takes back the last
 * corner; once the ring is closed, RingHistory keeps each completed state of the whole ring.
 */
export class RedLineEditor {
  private readonly draw: TerraDraw;
  private readonly polygonMode: TerraDrawPolygonMode;
  private history = new RingHistory(null);
  private onChange: (s: EditorState) => void = () => {};

  constructor(map: MapLibreMap, neighbours: () => GeoJSON.Position[][]) {
    const toCustom = (event: { containerX: number; containerY: number }, context: { project: (lng: number, lat: number) => { x: number; y: number } }) =>
      snapTo({ x: event.containerX, y: event.containerY }, neighbours(), context.project);
    this.polygonMode = new TerraDrawPolygonMode({
      snapping: { toCustom },
      styles: { fillColor: RED, fillOpacity: 0.15, outlineColor: RED, outlineWidth: 2, closingPointColor: RED, snappingPointColor: '#1f6feb' },
    });
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        this.polygonMode,
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {
                draggable: false,
                coordinates: { draggable: true, deletable: true, midpoints: true, snappable: { toCustom } },
              },
            },
          },
          styles: { selectedPolygonColor: RED, selectedPolygonFillOpacity: 0.15, selectedPolygonOutlineColor: RED, selectedPolygonOutlineWidth: 2 },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('change', () => this.emit());
    this.draw.on('finish', (id, context) => {
      // A finished outline stays editable: drag its corners, add corners at the midpoints.
      if (context.mode === 'polygon') {
        this.draw.setMode('select');
        this.draw.selectFeature(id);
      }
      // Each completed edit (closing, a corner dropped, added or deleted) is one undo step.
      this.history.push(this.closedRing());
      this.emit();
    });
  }

  onState(fn: (s: EditorState) => void): void {
    this.onChange = fn;
  }

  /** Reshape an existing outline (one polygon without holes). */
  reshape(polygon: GeoJSON.Polygon): void {
    const ring = polygon.coordinates[0]!.map(([x, y]) => [round9(x!), round9(y!)]);
    this.history = new RingHistory(ring);
    this.show(ring);
  }

  /** Draw a new outline: click the corners, click the first one again to close. */
  drawNew(): void {
    this.history = new RingHistory(null);
    this.show(null);
  }

  undo(): void {
    if (this.draw.getMode() === 'polygon' && this.polygonMode.undoSize() > 0) this.polygonMode.undo();
    else {
      const s = this.history.undo();
      if (s !== undefined) this.show(s);
    }
    this.emit();
  }

  redo(): void {
    if (this.draw.getMode() === 'polygon' && this.polygonMode.redoSize() > 0) this.polygonMode.redo();
    else {
      const s = this.history.redo();
      if (s !== undefined) this.show(s);
    }
    this.emit();
  }

  stop(): void {
    this.draw.stop();
  }

  /** Puts a ring state on the map: an editable outline, or a fresh start in the polygon mode. */
  private show(ring: RingState): void {
    this.draw.clear();
    if (ring === null) {
      this.draw.setMode('polygon');
      this.emit();
      return;
    }
    // terra-draw accepts only ids of its own strategy (UUID v4) and at most 9 decimals (about 0.1 mm).
    const id = crypto.randomUUID();
    const [result] = this.draw.addFeatures([{ id, type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures]);
    if (!result?.valid) throw new Error(result?.reason ?? 'invalid outline');
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.emit();
  }

  /** True while corners of a new outline are being placed (the ring is not closed yet). */
  private placing(): boolean {
    return this.draw.getMode() === 'polygon' && (this.inProgress() !== null || this.polygonMode.undoSize() > 0);
  }

  private inProgress(): GeoJSON.Position[] | null {
    const f = this.draw.getSnapshot().find((x) => x.geometry.type === 'Polygon' && x.properties.mode === 'polygon' && x.properties.currentlyDrawing);
    return f ? (f.geometry as GeoJSON.Polygon).coordinates[0]! : null;
  }

  private closedRing(): RingState {
    const f = this.draw.getSnapshot().find((x) => x.geometry.type === 'Polygon' && x.properties.mode === 'polygon' && !x.properties.currentlyDrawing);
    return f ? (f.geometry as GeoJSON.Polygon).coordinates[0]! : null;
  }

  private emit(): void {
    const closed = this.closedRing();
    const ring = closed ?? this.inProgress() ?? [];
    const { areaM2, perimeterM } = measureRing(ring);
    const placing = this.placing();
    this.onChange({
      polygon: closed ? { type: 'Polygon', coordinates: [closed] } : null,
      ring,
      areaM2,
      perimeterM,
      canUndo: (placing && this.polygonMode.undoSize() > 0) || this.history.canUndo,
      canRedo: (placing && this.polygonMode.redoSize() > 0) || this.history.canRedo,
      // The present closed ring, not the history's, since a drag in progress is not in the history yet.
      changed: closed !== null && this.history.changed,
    });
  }
}
