import type { ScopeLayer, ScopeMetadata } from '../../../../shared/scopes/contract.ts';
import type { TargetCrs } from '../crs.ts';
import type { Written } from '../geometry.ts';

export interface ScopeFeature {
  props: Record<string, unknown>;
  geometry: Written | null;
}

/** Everything a writer needs: the layers in order (estate, building, pipeline), already rounded. */
export interface ScopeFile {
  metadata: ScopeMetadata;
  crs: TargetCrs;
  /** OGC WKT of crs.epsg from spatial_ref_sys (null for GCJ-02). */
  srsWkt: string | null;
  layers: { layer: ScopeLayer; features: ScopeFeature[] }[];
}
