/**
 * Where `--model` finds a model, and `info` about it: a folder, a bundle's URL (downloaded once into the
 * disk cache, then read from it), a Hugging Face repo through the local Hub stand-in (HF_ENDPOINT, a
 * gated repo read with HF_TOKEN, which never appears in any output). The same model and seed give the
 * same bytes whichever way it came.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../tools/cli/commands/describe-model.js';
import { startFlakyServer, type FlakyServer } from '../bundle-server/flaky-server.js';
import { GOLDEN_DIR, REFERENCE_BUNDLE_DIR } from '../golden/golden-data.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { sameBytes, useTempDirs } from './cli-files.js';
import { runCli } from './run-cli.js';

const tempDir = useTempDirs();
const job = ['--task', 'remove', '--steps', '2', '--seed', '9', '--image', `${GOLDEN_DIR}image.png`, '--mask', `${GOLDEN_DIR}mask-box.png`];
const bundleFiles = () => new Map(readdirSync(REFERENCE_BUNDLE_DIR, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('.')).map((p) => [p, new Uint8Array(readFileSync(join(REFERENCE_BUNDLE_DIR, p)))]));
let fromFolder: Buffer;
let server: FlakyServer | HubStandIn | undefined;

beforeAll(async () => {
  const out = join(tempDir(), 'folder.png');
  const { code, stderr } = await runCli(['run', '--model', REFERENCE_BUNDLE_DIR, ...job, '--out', out]);
  expect(code, stderr).toBe(0);
  fromFolder = readFileSync(out);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('info', () => {
  it('says what a bundle folder holds, in words and as JSON', async () => {
    const text = await runCli(['info', '--model', REFERENCE_BUNDLE_DIR]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^layout +PowerPaint bundle/m);
    expect(text.stdout).toMatch(/^family +PowerPaint v1/m);
    expect(text.stdout).toMatch(/^sizes +native 64 px; sides a multiple of 16 px, at most 256 px for --whole-image$/m);
    expect(text.stdout).toMatch(/^ {2}unet\/model\.onnx_data +802 KB$/m);
    const json = JSON.parse((await runCli(['info', '--model', REFERENCE_BUNDLE_DIR, '--json'])).stdout) as ModelInfo;
    const manifest = JSON.parse(readFileSync(join(REFERENCE_BUNDLE_DIR, 'powerpaint.json'), 'utf8'));
    expect(json).toMatchObject({ layout: 'bundle', family: 'powerpaint-v1', precision: 'fp32', nativeSize: 64, sizeMultiple: 16, defaults: manifest.defaults });
    expect(json.files.map((f) => f.path).sort()).toEqual(manifest.files.map((f: { path: string }) => f.path).sort());
  });

  it('says what instant remove is', async () => {
    const { code, stdout } = await runCli(['info', '--model', 'instant', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ layout: 'instant', tasks: ['remove'], files: [] });
  });
});

describe('a bundle URL', () => {
  it('downloads into the cache folder once; the next run reads only the manifest from the network', async () => {
    const flaky = await startFlakyServer({ mounts: [{ at: '/ref', files: bundleFiles() }] });
    server = flaky;
    const cache = tempDir();
    const url = `${flaky.origin}/ref/`;
    const out = tempDir();
    const first = await runCli(['run', '--model', url, '--cache-dir', cache, ...job, '--out', join(out, 'a.png')]);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(join(cache, 'files'))).toHaveLength(11);
    expect(sameBytes(readFileSync(join(out, 'a.png')), fromFolder)).toBe(true);

    flaky.log.length = 0;
    // $POWERPAINT_CACHE stands in for --cache-dir.
    const second = await runCli(['run', '--model', url, ...job, '--out', join(out, 'b.png')], { POWERPAINT_CACHE: cache });
    expect(second.code, second.stderr).toBe(0);
    expect(flaky.log.map((r) => r.path)).toEqual(['/ref/powerpaint.json']);
    expect(sameBytes(readFileSync(join(out, 'b.png')), fromFolder)).toBe(true);
  });
});

describe('a Hugging Face repo (hf:owner/name, HF_ENDPOINT, HF_TOKEN)', () => {
  const TOKEN = 'hf_test_token_never_printed';

  async function serveGatedRepo(): Promise<HubStandIn> {
    const root = tempDir();
    cpSync(REFERENCE_BUNDLE_DIR, join(root, 'tiny', 'reference'), { recursive: true });
    const hub = await startHubStandIn({ root, access: { 'tiny/reference': { token: TOKEN, kind: 'gated' } } });
    server = hub;
    return hub;
  }

  it('loads with the token and gives the folder\'s bytes; info names the commit; the token is printed nowhere', async () => {
    const hub = await serveGatedRepo();
    const env = { HF_ENDPOINT: hub.endpoint, HF_TOKEN: TOKEN };
    const out = join(tempDir(), 'hub.png');
    const run = await runCli(['run', '--model', 'hf:tiny/reference', '--cache-dir', tempDir(), ...job, '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    expect(sameBytes(readFileSync(out), fromFolder)).toBe(true);
    const info = await runCli(['info', '--model', 'tiny/reference@main'], env);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain(`commit ${await hub.commitOf('tiny/reference')}`);
    for (const text of [run.stdout, run.stderr, info.stdout, info.stderr]) expect(text).not.toContain(TOKEN);
  });

  it('without the token: exit code 1 and a message that says to set HF_TOKEN', async () => {
    const hub = await serveGatedRepo();
    const { code, stderr } = await runCli(['info', '--model', 'hf:tiny/reference'], { HF_ENDPOINT: hub.endpoint });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^powerpaint: tiny\/reference is a gated model: .* The command line reads it from HF_TOKEN\.\n$/);
  });
});
