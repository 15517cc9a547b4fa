import type { BenchCase } from '../types.ts';
import { tilesCase } from './tiles.ts';
import { tilesNationalCase } from './tiles-national.ts';
import { clientCase } from './client.ts';
import { progressBench, progressNationalBench } from './progress.ts';
import { pipelinesOverlapsCase } from './pipelines-overlaps.ts';
import { zonesSuggestCase } from './zones-suggest.ts';
import { scopesCase } from './scopes.ts';

/** Every benchmark case; each capability adds its own file under bench/cases/ and one line here. */
export const cases: BenchCase[] = [tilesCase, tilesNationalCase, clientCase, progressBench, progressNationalBench, pipelinesOverlapsCase, zonesSuggestCase, scopesCase];
