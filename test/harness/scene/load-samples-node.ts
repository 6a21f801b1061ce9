/** Node-side loader for the sample photos (the browser harness fetches /samples/* instead). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SamplePhotos } from './sample-scene.js';

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../samples');

export function loadSamplePhotos(): SamplePhotos {
  const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES_DIR, name)));
  return { chelsea: read('chelsea.png'), coffee: read('coffee.png'), astronaut: read('astronaut.png') };
}
