import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../index.js';
import { decoded, png, quadrantsRgba, solidRgba } from './helpers.js';

describe('fake figma: exportAsync renders real PNGs', () => {
  it('an image layer exports its own pixels at scale 1 (FILL, same size)', async () => {
    const fake = createFakeFigma();
    const photo = fake.addImageLayer({ name: 'Photo', png: png(quadrantsRgba(40, 20)), x: 100, y: 200 });
    const out = decoded(await photo.exportAsync({ format: 'PNG' }));
    expect([out.width, out.height]).toEqual([40, 20]);
    expect(out.px(5, 5)).toEqual([255, 0, 0, 255]);
    expect(out.px(35, 5)).toEqual([0, 255, 0, 255]);
    expect(out.px(5, 15)).toEqual([0, 0, 255, 255]);
    expect(out.px(35, 15)).toEqual([255, 255, 255, 255]);
  });

  it('honours SCALE / WIDTH / HEIGHT constraints', async () => {
    const fake = createFakeFigma();
    const photo = fake.addImageLayer({ png: png(quadrantsRgba(40, 20)) });
    expect(decoded(await photo.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 2 } })).width).toBe(80);
    const w = decoded(await photo.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 10 } }));
    expect([w.width, w.height]).toEqual([10, 5]);
    const h = decoded(await photo.exportAsync({ format: 'PNG', constraint: { type: 'HEIGHT', value: 40 } }));
    expect([h.width, h.height]).toEqual([80, 40]);
    await expect(photo.exportAsync({ format: 'JPG' })).rejects.toThrow(/'PNG' only/);
  });

  it('FILL crops the long side, FIT letterboxes, CROP maps through imageTransform', async () => {
    const fake = createFakeFigma();
    const bytes = png(quadrantsRgba(40, 20));
    const fill = fake.addImageLayer({ png: bytes, width: 20, height: 20, scaleMode: 'FILL' });
    const f = decoded(await fill.exportAsync());
    // 40x20 scaled to cover 20x20 -> 40x20 shown, centred: columns 10..30 of the image.
    expect(f.px(2, 2)).toEqual([255, 0, 0, 255]);
    expect(f.px(17, 2)).toEqual([0, 255, 0, 255]);
    const fit = fake.addImageLayer({ png: bytes, width: 40, height: 40, scaleMode: 'FIT' });
    const t = decoded(await fit.exportAsync());
    expect(t.px(20, 2)[3]).toBe(0); // letterbox band is transparent
    expect(t.px(2, 12)).toEqual([255, 0, 0, 255]);
    // CROP: the right half of the image stretched over the node.
    const crop = fake.addImageLayer({
      png: bytes,
      width: 20,
      height: 20,
      scaleMode: 'CROP',
      imageTransform: [
        [0.5, 0, 0.5],
        [0, 1, 0],
      ],
    });
    const c = decoded(await crop.exportAsync());
    expect(c.px(2, 2)).toEqual([0, 255, 0, 255]);
    expect(c.px(18, 18)).toEqual([255, 255, 255, 255]);
  });

  it('a red ellipse over a photo: frame export shows it in the right place with antialiased edges', async () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ name: 'Scene', x: 0, y: 0, width: 100, height: 100 });
    fake.addImageLayer({ name: 'Photo', png: png(solidRgba(100, 100, [0, 0, 255])), parent: frame });
    fake.addEllipse({ name: 'Mask', x: 20, y: 40, width: 40, height: 20, color: '#ff0000', parent: frame });
    const out = decoded(await frame.exportAsync({ format: 'PNG' }));
    expect(out.px(40, 50)).toEqual([255, 0, 0, 255]); // centre of the ellipse
    expect(out.px(22, 41)).toEqual([0, 0, 255, 255]); // inside its box, outside the ellipse
    expect(out.px(10, 50)).toEqual([0, 0, 255, 255]);
    const edge = out.px(20, 50); // left tip straddles the edge: a blend
    expect(edge[0]).toBeGreaterThan(0);
    expect(edge[2]).toBeGreaterThan(0);
    // The ellipse alone: transparent outside, opaque red inside.
    const alone = decoded(await fake.findByName('Mask')!.exportAsync());
    expect([alone.width, alone.height]).toEqual([40, 20]);
    expect(alone.px(0, 0)[3]).toBe(0);
    expect(alone.px(20, 10)).toEqual([255, 0, 0, 255]);
  });

  it('a rotated layer exports its axis-aligned bounds with transparent corners', async () => {
    const fake = createFakeFigma();
    const r = fake.addRectangle({ x: 0, y: 0, width: 100, height: 100, rotation: 45, color: '#00ff00' });
    const out = decoded(await r.exportAsync());
    expect(out.width).toBe(Math.round(100 * Math.SQRT2));
    expect(out.height).toBe(Math.round(100 * Math.SQRT2));
    expect(out.px(2, 2)[3]).toBe(0);
    expect(out.px(out.width - 3, out.height - 3)[3]).toBe(0);
    expect(out.px(70, 70)).toEqual([0, 255, 0, 255]);
  });

  it('rotation sign shows in pixels: +90° puts the image’s top-left quadrant at the bottom-left', async () => {
    const fake = createFakeFigma();
    const img = fake.addImageLayer({ png: png(quadrantsRgba(20, 20)), rotation: 90 });
    const out = decoded(await img.exportAsync());
    // CCW by 90°: the top edge becomes the left edge, read bottom to top.
    expect(out.px(5, 15)).toEqual([255, 0, 0, 255]); // red (was TL) now bottom-left
    expect(out.px(5, 5)).toEqual([0, 255, 0, 255]); // green (was TR) now top-left
    expect(out.px(15, 15)).toEqual([0, 0, 255, 255]); // blue (was BL) now bottom-right
  });

  it('clipsContent clips children; opacity and hidden layers render as in Figma', async () => {
    const fake = createFakeFigma();
    const frame = fake.addFrame({ width: 50, height: 50, color: '#ffffff' });
    fake.addRectangle({ x: 40, y: 0, width: 30, height: 10, color: '#000000', parent: frame });
    fake.addRectangle({ x: 0, y: 20, width: 10, height: 10, color: '#000000', parent: frame, opacity: 0.5 });
    fake.addRectangle({ x: 0, y: 40, width: 10, height: 10, color: '#ff0000', parent: frame, visible: false });
    const out = decoded(await frame.exportAsync());
    expect([out.width, out.height]).toEqual([50, 50]);
    expect(out.px(45, 5)).toEqual([0, 0, 0, 255]);
    expect(out.px(5, 25)).toEqual([128, 128, 128, 255]);
    expect(out.px(5, 45)).toEqual([255, 255, 255, 255]);
    frame.clipsContent = false;
    expect(decoded(await frame.exportAsync()).width).toBe(70);
  });

  it('vector paths fill with M/L/C/Q/Z', async () => {
    const fake = createFakeFigma();
    const v = fake.addVector({ paths: 'M 0 0 L 20 0 Q 20 20 0 20 Z', color: '#ff0000' });
    const out = decoded(await v.exportAsync());
    expect([out.width, out.height]).toEqual([20, 20]);
    expect(out.px(3, 10)).toEqual([255, 0, 0, 255]);
    expect(out.px(14, 19)[3]).toBe(0);
  });

  it('renderPage draws the whole page with its background', () => {
    const fake = createFakeFigma();
    fake.addRectangle({ x: 0, y: 0, width: 10, height: 10, color: '#ff0000' });
    fake.addRectangle({ x: 30, y: 0, width: 10, height: 10, color: '#0000ff' });
    const page = fake.renderPage();
    expect([page.width, page.height, page.x, page.y]).toEqual([40, 10, 0, 0]);
    const at = (x: number, y: number): number[] => Array.from(page.data.subarray((y * page.width + x) * 4, (y * page.width + x) * 4 + 4));
    expect(at(5, 5)).toEqual([255, 0, 0, 255]);
    expect(at(20, 5)).toEqual([245, 245, 245, 255]);
    expect(at(35, 5)).toEqual([0, 0, 255, 255]);
  });
});
