/**
 * A folder run: each picture with the mask of the same name. A picture without one fails alone, by name
 * and reason; the others are written; the summary counts both; the exit code says some failed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, REFERENCE_BUNDLE_DIR } from '../golden/golden-data.js';
import { readPng, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();

/** `names` as copies of the golden picture in input/, and masks in masks/ for `masked` only. */
function batchFolders(names: string[], masked: string[]) {
  const root = tempDir();
  const [input, masks, output] = ['input', 'masks', 'output'].map((name) => join(root, name)) as [string, string, string];
  mkdirSync(input);
  mkdirSync(masks);
  for (const name of names) copyFileSync(`${GOLDEN_DIR}image.png`, join(input, name));
  for (const name of masked) copyFileSync(`${GOLDEN_DIR}mask-box.png`, join(masks, name));
  return { input, masks, output };
}

describe('run --input-dir', () => {
  it('writes the pictures that have masks, reports the one that has none, and exits with 3', async () => {
    const { input, masks, output } = batchFolders(['a.png', 'b.png', 'c.png'], ['a.png', 'c.png']);
    const { code, stdout, stderr } = await runCli([
      'run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--steps', '2', '--seed', '3',
      '--input-dir', input, '--mask-dir', masks, '--output-dir', output,
    ]);
    expect(code).toBe(3);
    expect(readdirSync(output).sort()).toEqual(['a.png', 'c.png']);
    expect(readPng(join(output, 'a.png'))).toMatchObject({ width: 64, height: 64 });
    expect(stdout.split('\n').filter(Boolean)).toEqual([`wrote ${join(output, 'a.png')} (seed 3)`, `wrote ${join(output, 'c.png')} (seed 3)`]);
    for (const [i, name] of ['a.png', 'b.png', 'c.png'].entries()) expect(stderr).toContain(`[${i + 1}/3] ${name}`);
    expect(stderr).toContain(`failed b.png: there is no mask ${join(masks, 'b.png')}.`);
    expect(stderr).toMatch(/^batch: 2 done, 1 failed, of 3 in .+ \(\d+\.\d images\/min\)$/m);
  });

  it('exits with 0 when every picture was written, and needs no mask folder to outpaint with --ratio', async () => {
    const { input, output } = batchFolders(['wide.png'], []);
    const { code, stderr } = await runCli([
      'run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'outpaint', '--ratio', '2:1', '--steps', '1', '--seed', '3',
      '--input-dir', input, '--output-dir', output,
    ]);
    expect(code, stderr).toBe(0);
    expect(readPng(join(output, 'wide.png'))).toMatchObject({ width: 128, height: 64 });
    expect(stderr).toMatch(/^batch: 1 done, 0 failed, of 1 /m);
  });

  it('stops at Ctrl-C after the picture in hand, with the summary so far and exit code 130', async () => {
    const { input, masks, output } = batchFolders(['a.png', 'b.png', 'c.png'], ['a.png', 'b.png', 'c.png']);
    const stop = new AbortController();
    const { code, stderr } = await runCli(
      ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--steps', '1', '--seed', '3', '--input-dir', input, '--mask-dir', masks, '--output-dir', output],
      {},
      { signal: stop.signal, onStdout: () => stop.abort() },
    );
    expect(code).toBe(130);
    expect(readdirSync(output)).toEqual(['a.png']);
    expect(stderr).toMatch(/^batch: 1 done, 0 failed, stopped with 2 not run, of 3 /m);
  });

  it('says so when the folder holds no PNG, before loading the model', async () => {
    const { input, output } = batchFolders([], []);
    const { code, stderr } = await runCli(['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--input-dir', input, '--mask-dir', input, '--output-dir', output]);
    expect(code).toBe(1);
    expect(stderr).toBe(`powerpaint: --input-dir ${input} has no PNG files.\n`);
    expect(existsSync(output)).toBe(false);
  });
});
