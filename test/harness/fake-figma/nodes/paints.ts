/// <reference types="@figma/plugin-typings" />
/** Validation and normalisation of `fills`, returning deeply frozen paints as Figma does. */
import { identity, isTransform } from '../matrix.js';

const SCALE_MODES = new Set(['FILL', 'FIT', 'CROP', 'TILE']);

export function normalizePaints(value: unknown, where = 'set_fills'): ReadonlyArray<Paint> {
  if (!Array.isArray(value)) throw new Error(`in ${where}: Expected an array of paints`);
  return deepFreeze(value.map((p, i) => normalizePaint(p, `${where}: paint ${i}`)));
}

function normalizePaint(p: unknown, where: string): Paint {
  if (!p || typeof p !== 'object') throw new Error(`in ${where}: Expected an object`);
  const paint = p as Record<string, unknown>;
  const common = {
    visible: paint.visible === undefined ? true : Boolean(paint.visible),
    opacity: paint.opacity === undefined ? 1 : checkUnit(paint.opacity, `${where}.opacity`),
    blendMode: (paint.blendMode as BlendMode | undefined) ?? 'NORMAL',
  };
  switch (paint.type) {
    case 'SOLID': {
      const c = paint.color as Record<string, unknown> | undefined;
      if (!c || typeof c !== 'object') throw new Error(`in ${where}: SOLID paint needs color {r, g, b}`);
      if ('a' in c) throw new Error(`in ${where}: Unrecognized key(s) in object: 'a' (use paint.opacity)`);
      const color = { r: checkUnit(c.r, `${where}.color.r`), g: checkUnit(c.g, `${where}.color.g`), b: checkUnit(c.b, `${where}.color.b`) };
      return { type: 'SOLID', color, ...common } as SolidPaint;
    }
    case 'IMAGE': {
      if (!SCALE_MODES.has(paint.scaleMode as string)) throw new Error(`in ${where}: scaleMode must be FILL, FIT, CROP or TILE`);
      const hash = paint.imageHash;
      if (hash !== null && typeof hash !== 'string') throw new Error(`in ${where}: imageHash must be a string or null`);
      const out: Record<string, unknown> = {
        type: 'IMAGE',
        scaleMode: paint.scaleMode,
        imageHash: hash,
        ...common,
        rotation: imageRotation(paint, where),
        filters: imageFilters(paint.filters, where),
      };
      if (paint.scaleMode === 'CROP' || paint.imageTransform !== undefined) {
        const t = paint.imageTransform ?? identity();
        if (!isTransform(t)) throw new Error(`in ${where}: imageTransform must be a 2x3 Transform`);
        out.imageTransform = t.map((r) => [...r]);
      }
      if (paint.scaleMode === 'TILE') out.scalingFactor = typeof paint.scalingFactor === 'number' ? paint.scalingFactor : 0.5;
      return out as unknown as ImagePaint;
    }
    case 'GRADIENT_LINEAR':
    case 'GRADIENT_RADIAL':
    case 'GRADIENT_ANGULAR':
    case 'GRADIENT_DIAMOND':
      // Stored faithfully; the fake renderer draws gradients as their first stop's colour.
      return { ...(structuredClone(paint) as object), ...common } as Paint;
    default:
      throw new Error(`in ${where}: Unsupported paint type ${String(paint.type)}`);
  }
}

/**
 * plugin-api.d.ts, ImagePaint.rotation: "Applicable only for `scaleMode == "TILE" | "FILL" | "FIT"` (automatic for
 * `scaleMode == "CROP"`) ... Must be in increments of +90." CROP keeps its rotation in imageTransform.
 */
function imageRotation(paint: Record<string, unknown>, where: string): number {
  const rotation = paint.rotation ?? 0;
  if (typeof rotation !== 'number' || !Number.isFinite(rotation)) throw new Error(`in ${where}: rotation must be a number`);
  if (paint.scaleMode === 'CROP') return 0;
  if (rotation % 90 !== 0) throw new Error(`in ${where}: rotation must be in increments of 90 (got ${rotation})`);
  return rotation;
}

const FILTER_KEYS = ['exposure', 'contrast', 'saturation', 'temperature', 'tint', 'highlights', 'shadows'] as const;

/** plugin-api.d.ts, ImagePaint.filters: "All values default to 0.0 and have range -1.0 to +1.0." */
function imageFilters(value: unknown, where: string): ImageFilters {
  const given = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of FILTER_KEYS) {
    const v = given[key] ?? 0;
    if (typeof v !== 'number' || !(v >= -1 && v <= 1)) throw new Error(`in ${where}: filters.${key} must be a number from -1 to 1`);
    out[key] = v;
  }
  return out as ImageFilters;
}

function checkUnit(v: unknown, where: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`in ${where}: Expected a number between 0 and 1`);
  return v;
}

export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
