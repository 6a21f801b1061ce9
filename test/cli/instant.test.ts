/**
 * `--model instant`: remove with no model, through the window's full-resolution path, on a harness photo.
 * Only the masked pixels change, and the same seed writes the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rectMask } from '../engine/fixtures-pixels.js';
import { changes, readPng, sameBytes, useTempDirs, writeMaskPng } from './cli-files.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();
const COFFEE = new URL('../harness/samples/coffee.png', import.meta.url).pathname;

describe('run --model instant', () => {
  it('removes inside the mask only, and the same seed gives the same bytes', async () => {
    const dir = tempDir();
    const source = readPng(COFFEE);
    const mask = rectMask(source.width, source.height, 120, 70, 150, 100);
    const args = ['run', '--model', 'instant', '--task', 'remove', '--image', COFFEE, '--mask', writeMaskPng(join(dir, 'mask.png'), mask), '--seed', '5'];
    const first = await runCli([...args, '--out', join(dir, 'a.png')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('Instant remove');
    const second = await runCli([...args, '--out', join(dir, 'b.png')]);
    expect(second.code, second.stderr).toBe(0);

    const result = readPng(join(dir, 'a.png'));
    // Nothing outside the painted mask changes, not even a feathered edge (grow 0).
    const { changedOutside, changedInside } = changes(source, result, mask, 0);
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(0.5 * 30 * 30);
    expect(sameBytes(readFileSync(join(dir, 'a.png')), readFileSync(join(dir, 'b.png')))).toBe(true);
  });

  it('only removes: another task needs a model (exit code 2, before anything runs)', async () => {
    const { code, stderr } = await runCli(['run', '--model', 'instant', '--task', 'object', '--image', COFFEE, '--mask', COFFEE, '--out', join(tempDir(), 'o.png')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^powerpaint: Instant mode only removes; --task object needs a model/);
  });
});
