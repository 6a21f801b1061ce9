/**
 * Command-line mistakes: each is one line on stderr saying what to write instead, exit code 2, and
 * nothing is read or loaded. `--help` prints every option and exits 0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_FLAGS } from '../../tools/cli/commands/run-flags.js';
import { GOLDEN_DIR, REFERENCE_BUNDLE_DIR } from '../golden/golden-data.js';
import { runCli } from './run-cli.js';

const IMAGE = `${GOLDEN_DIR}image.png`;
const MASK = `${GOLDEN_DIR}mask-box.png`;
const base = ['run', '--model', REFERENCE_BUNDLE_DIR, '--image', IMAGE, '--mask', MASK, '--out', '/nonexistent/out.png'];
const remove = [...base, '--task', 'remove'];

const mistakes: [string, string[], RegExp | string][] = [
  ['an unknown command', ['paint'], 'Unknown command "paint": use run, info, segment or triton-repo.'],
  ['an unknown option, with the likely one', [...remove, '--stesp', '3'], 'Unknown option --stesp. Did you mean --steps?'],
  ['a name every object has', [...remove, '--constructor', 'x'], 'Unknown option --constructor.'],
  ['a value without its option', [...remove, 'vase'], 'Unexpected "vase": every option starts with --'],
  ['an option given twice', [...remove, '--seed', '1', '--seed', '2'], '--seed is given twice; give it once.'],
  ['a missing value at the end', [...remove, '--steps'], '--steps needs a value: N, a whole number from 1 to 1000.'],
  ['a missing value before the next option', [...remove, '--prompt', '--seed', '1'], '--prompt needs a value'],
  ['an empty model', [...remove.slice(0, 1), '--model='], '--model needs a value'],
  ['a value on a switch', [...remove, '--whole-image=yes'], '--whole-image takes no value'],
  ['steps that are not a number', [...remove, '--steps', 'many'], '--steps must be a whole number from 1 to 1000, not "many".'],
  ['steps that are not whole', [...remove, '--steps', '2.5'], '--steps must be a whole number from 1 to 1000, not "2.5".'],
  ['steps out of range', [...remove, '--steps', '1001'], '--steps must be a whole number from 1 to 1000, not "1001".'],
  ['guidance out of range', [...remove, '--guidance', '51'], '--guidance must be a number from 0 to 50, not "51".'],
  ['a negative seed', [...remove, '--seed', '-1'], '--seed must be a whole number from 0 to 4294967295, not "-1".'],
  ['too many variations', [...remove, '--variations', '9'], '--variations must be a whole number from 1 to 8, not "9".'],
  ['a fitting degree out of range', [...base, '--task', 'shape', '--fitting', '1.5'], '--fitting must be a number from 0 to 1, not "1.5".'],
  [
    'a scheduler we do not have, with the ones we do',
    [...remove, '--scheduler', 'PNDMScheduler'],
    '--scheduler PNDMScheduler is not one we have; choose one of: DDIMScheduler, DPMSolverMultistepScheduler, EulerAncestralDiscreteScheduler, UniPCMultistepScheduler, LCMScheduler, ddim, dpmpp-2m, dpmpp-2m-karras, euler-a, unipc, lcm.',
  ],
  ['an unknown task', [...base, '--task', 'paint'], '--task paint is not one we have; choose one of: object, remove, shape, outpaint.'],
  ['no task', base, 'Say what to do with --task remove, object, shape or outpaint.'],
  ['no model', ['run', '--task', 'remove', '--image', IMAGE, '--mask', MASK, '--out', 'o.png'], 'Say which model to run with --model'],
  ['no output', ['run', '--model', 'instant', '--task', 'remove', '--image', IMAGE, '--mask', MASK], 'Say where the result goes with --out out.png.'],
  ['no mask', ['run', '--model', 'instant', '--task', 'remove', '--image', IMAGE, '--out', 'o.png'], 'Give the area to repaint with --mask mask.png'],
  ['one image and a folder', [...remove, '--input-dir', GOLDEN_DIR], 'Give one image (--image, --mask, --out) or a folder'],
  ['a folder without an output folder', ['run', '--model', 'instant', '--task', 'remove', '--input-dir', GOLDEN_DIR, '--mask-dir', GOLDEN_DIR], '--output-dir DIR'],
  ['fitting for another task', [...base, '--task', 'object', '--fitting', '0.5'], '--fitting is for --task shape only.'],
  ['extend for another task', [...base, '--task', 'remove', '--extend', '8'], '--extend is for --task outpaint only.'],
  ['extend and ratio together', ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'outpaint', '--extend', '8', '--ratio', '16:9'], 'Give --extend or --ratio, not both'],
  ['extend with a mask', [...base, '--task', 'outpaint', '--extend', '8'], '--mask is not read when outpaint extends the picture'],
  ['extend that is not four sides', ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'outpaint', '--extend', '8,8'], '--extend must be pixels to add as left,top,right,bottom'],
  ['a ratio that is not one', ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'outpaint', '--ratio', 'wide'], '--ratio must be width:height such as 16:9'],
  ['extend with --whole-image', ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'outpaint', '--ratio', '2', '--whole-image'], '--whole-image runs the image as given with --mask'],
  ['a model that is nothing', [...remove.slice(0, 1), '--model', './no/such/folder', ...remove.slice(3)], 'there is no such folder, and it is not a Hub id'],
  ['a model that is a file', [...remove.slice(0, 1), '--model', IMAGE, ...remove.slice(3)], 'is a file; give the folder that holds the model'],
  ['info without a model', ['info'], 'Say which model with --model M.'],
];

describe('flag errors', () => {
  it.each(mistakes)('%s: one line, exit code 2', async (_what, args, expected) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.startsWith('powerpaint: ')).toBe(true);
    if (typeof expected === 'string') expect(stderr).toContain(expected);
    else expect(stderr).toMatch(expected);
  });

  it('without a command: the usage, exit code 2', async () => {
    const { code, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^usage: npm run powerpaint -- <command>/);
  });
});

describe('--help', () => {
  it('lists every option of run with its range, and exits 0 even among other arguments', async () => {
    const { code, stdout } = await runCli(['run', '--model', 'x', '--steps', '0', '--help']);
    expect(code).toBe(0);
    for (const name of Object.keys(RUN_FLAGS)) expect(stdout).toContain(`--${name}`);
    expect(stdout).toMatch(/--steps N[^-]+a whole number\s+from 1 to 1000/);
    expect(stdout).toMatch(/Exit codes: 0 done; 1 failed; 2 bad\s+arguments; 3 a batch finished but some pictures failed/);
  });

  it('for the program, for info, and as "help <command>"', async () => {
    expect(await runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('run          remove, insert') });
    expect(await runCli(['info', '--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--json') });
    expect(await runCli(['help', 'run'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--input-dir DIR') });
  });
});

describe('paths that do not exist', () => {
  it('fail before the model loads, naming the file (exit code 1)', async () => {
    const missing = join(GOLDEN_DIR, 'missing.png');
    const { code, stderr } = await runCli([...remove.slice(0, 3), '--image', missing, '--mask', MASK, '--out', 'o.png', '--task', 'remove']);
    expect(code).toBe(1);
    expect(stderr).toBe(`powerpaint: there is no picture ${missing}.\n`);
  });
});
