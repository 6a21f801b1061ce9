/**
 * Reads test/fixtures/sam-golden (models/export/sam_fixtures.py: SamProcessor + SamModel from transformers on the
 * tiny random SAM of test/fixtures/hub-repos/tiny-sam) and opens those repos as folders.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import type { BundleSource } from '../../models/bundle/bundle-source.js';
import type { SamPrompt } from '../../models/segment/sam-prompt.js';
import type { RgbaImage } from '../../models/engine/types.js';
import { decodePng } from '../../tools/cli/image/png-codec.js';
import { Golden } from '../golden/golden-data.js';

export const SAM_GOLDEN_DIR = fileURLToPath(new URL('../fixtures/sam-golden/', import.meta.url));
export const SAM_REPOS_DIR = fileURLToPath(new URL('../fixtures/hub-repos/', import.meta.url));

export interface SamGoldenCase {
  name: string;
  points: [number, number][];
  labels: number[];
  box: [number, number, number, number] | null;
  iouScores: string;
  predMasks: string;
  masks: string;
}

interface SamGoldenJson {
  picture: { width: number; height: number };
  reshaped: [number, number];
  imageSize: number;
  repos: { points: string; pointsAndBoxes: string };
  cases: SamGoldenCase[];
}

export const samGolden = new Golden(SAM_GOLDEN_DIR);
export const samGoldenJson = samGolden.json as unknown as SamGoldenJson;

/** A picture of test/fixtures/sam-golden as straight RGBA. */
export function samPicture(file: string): RgbaImage {
  return decodePng(readFileSync(`${SAM_GOLDEN_DIR}${file}`));
}

export function samRepo(which: keyof SamGoldenJson['repos']): BundleSource {
  return bundleFromDirectory(`${SAM_REPOS_DIR}${samGoldenJson.repos[which]}`);
}

export function promptOf(c: SamGoldenCase): SamPrompt {
  const points = c.points.map(([x, y], i) => ({ x, y, positive: c.labels[i] === 1 }));
  return c.box ? { points, box: { x0: c.box[0], y0: c.box[1], x1: c.box[2], y1: c.box[3] } } : { points };
}

/** Intersection over union of two masks (non-zero = selected). */
export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0;
    const y = b[i] !== 0;
    if (x && y) both++;
    if (x || y) either++;
  }
  return either === 0 ? 1 : both / either;
}
