/** tools/powerpaint.mjs, as `npm run powerpaint` runs it: bundles the TypeScript, runs it, passes the exit code on. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('node tools/powerpaint.mjs', () => {
  it('prints the usage for --help and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['tools/powerpaint.mjs', '--help'], { cwd: root });
    expect(stdout).toMatch(/^usage: npm run powerpaint -- <command> \[options\]/);
    expect(stdout).toContain('info         say what a model is');
  });
});
