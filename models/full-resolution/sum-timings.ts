import type { InpaintResult } from '../engine/types.js';

export function emptyTimings(): InpaintResult['timings'] {
  return { load: 0, 'encode-text': 0, 'encode-image': 0, denoise: 0, decode: 0 };
}

/** Add one run's stage times into `total`. */
export function addTimings(total: InpaintResult['timings'], run: InpaintResult['timings']): void {
  for (const stage of Object.keys(total) as (keyof InpaintResult['timings'])[]) total[stage] += run[stage];
}
