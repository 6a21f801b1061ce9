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
        rotation: typeof paint.rotation === 'number' ? paint.rotation : 0,
        filters: { exposure: 0, contrast: 0, saturation: 0, temperature: 0, tint: 0, highlights: 0, shadows: 0, ...((paint.filters as object) ?? {}) },
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
