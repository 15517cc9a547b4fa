import { area } from '@turf/turf';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { snapTo } from './snapping.ts';

const RED = '#d9480f';
const round9 = (v: number) => Math.round(v * 1e9) / 1e9;

/**
 * Drawing and reshaping one red line with terra-draw on the MapLibre map. Corners and edges of
 * the neighbouring red lines attract the pointer (snapping), so adjoining estates share their
 * boundary instead of overlapping or leaving slivers. The area shown while drawing is geodesic
 * (turf); the saved figure is the server's, in the local Gauss–Krüger zone.
 */
export class RedLineEditor {
  private readonly draw: TerraDraw;
  private onChange: (polygon: GeoJSON.Polygon | null, areaM2: number | null) => void = () => {};

  constructor(map: MapLibreMap, neighbours: () => GeoJSON.Position[][]) {
    const toCustom = (event: { containerX: number; containerY: number }, context: { project: (lng: number, lat: number) => { x: number; y: number } }) =>
      snapTo({ x: event.containerX, y: event.containerY }, neighbours(), context.project);
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({
          snapping: { toCustom },
          styles: { fillColor: RED, fillOpacity: 0.15, outlineColor: RED, outlineWidth: 2, closingPointColor: RED, snappingPointColor: '#1f6feb' },
        }),
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
    // A finished outline stays editable: drag its corners, add corners at the midpoints.
    this.draw.on('finish', (id) => {
      this.draw.setMode('select');
      this.draw.selectFeature(id);
    });
  }

  onPolygon(fn: (polygon: GeoJSON.Polygon | null, areaM2: number | null) => void): void {
    this.onChange = fn;
  }

  /** Reshape an existing outline (one polygon without holes). */
  reshape(polygon: GeoJSON.Polygon): void {
    this.draw.clear();
    // terra-draw accepts only ids of its own strategy (UUID v4) and at most 9 decimals (about 0.1 mm).
    const id = crypto.randomUUID();
    const coordinates = polygon.coordinates.map((ring) => ring.map(([x, y]) => [round9(x!), round9(y!)]));
    const [result] = this.draw.addFeatures([{ id, type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures]);
    if (!result?.valid) throw new Error(result?.reason ?? 'the outline cannot be edited');
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    this.emit();
  }

  /** Draw a new outline: click the corners, click the first one again to close. */
  drawNew(): void {
    this.draw.clear();
    this.draw.setMode('polygon');
    this.emit();
  }

  current(): GeoJSON.Polygon | null {
    const f = this.draw.getSnapshot().find((x) => x.geometry.type === 'Polygon' && x.properties.mode === 'polygon' && !x.properties.currentlyDrawing);
    return f ? (f.geometry as GeoJSON.Polygon) : null;
  }

  stop(): void {
    this.draw.stop();
  }

  private emit(): void {
    const polygon = this.current();
    this.onChange(polygon, polygon ? area(polygon) : null);
  }
}
