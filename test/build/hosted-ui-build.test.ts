import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dirs: string[] = [];
const REPO = resolve('.');
const MANIFEST = JSON.parse(await readFile('manifest.json', 'utf8')) as { id: string };
/** A plugin id as Figma assigns them (the manifest docs' example). */
const REAL_ID = '737805260747778092';
/** What the release build reads from the environment, cleared so that a developer's shell can't change a test. */
const CLEAN_ENV = { POWERPAINT_PLUGIN_ID: '', POWERPAINT_FIGMA_ORIGIN: '' };

async function build(env: Record<string, string>, cwd = REPO) {
  const out = await mkdtemp(join(tmpdir(), 'pp-build-'));
  dirs.push(out);
  const result = await run(process.execPath, ['esbuild.config.mjs'], { cwd, env: { ...process.env, ...CLEAN_ENV, ...env, POWERPAINT_OUT_DIR: out } }).then(
    ({ stderr }) => ({ ok: true as const, error: '', warning: stderr }),
    (error: { stderr: string }) => ({ ok: false as const, error: error.stderr, warning: '' }),
  );
  return { out, ...result };
}

/** This repository with another manifest.json (every other entry a link to the real one). */
async function repoWithManifest(changes: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-repo-'));
  dirs.push(dir);
  for (const entry of await readdir(REPO)) {
    if (entry !== 'manifest.json' && entry !== 'dist' && entry !== '.git') await symlink(join(REPO, entry), join(dir, entry));
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...MANIFEST, ...changes }, null, 2));
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('hosted-UI build (POWERPAINT_UI_URL)', () => {
  // A host the manifest already allows, so the test needs no manifest of its own.
  const url = 'https://huggingface.co/powerpaint/ui/';

  it('writes the full window for the host and makes dist/ui.html a stub that navigates there', async () => {
    const { out, ok, error } = await build({ POWERPAINT_UI_URL: url, POWERPAINT_PLUGIN_ID: REAL_ID });
    expect(error).toBe('');
    expect(ok).toBe(true);
    const stub = await readFile(join(out, 'ui.html'), 'utf8');
    const hosted = await readFile(join(out, 'hosted/index.html'), 'utf8');
    expect(stub).toContain(`window.location.href = "${url}index.html"`);
    expect(stub.length).toBeLessThan(200);
    expect(hosted).toMatch(/<div id="app"><\/div>/);
    expect(hosted.length).toBeGreaterThan(10_000);
  });

  it("refuses manifest.json's placeholder id, saying where the real one goes", async () => {
    expect(MANIFEST.id).toBe('REPLACE_WITH_FIGMA_PLUGIN_ID');
    const { ok, error } = await build({ POWERPAINT_UI_URL: url });
    expect(ok).toBe(false);
    expect(error).toMatch(/manifest\.json's "id" is "REPLACE_WITH_FIGMA_PLUGIN_ID", a placeholder/);
    expect(error).toMatch(/in manifest\.json's "id", or set POWERPAINT_PLUGIN_ID=<id>/);
    const placeholder = await build({ POWERPAINT_UI_URL: url, POWERPAINT_PLUGIN_ID: 'REPLACE_WITH_FIGMA_PLUGIN_ID' });
    expect(placeholder.ok).toBe(false);
    expect(placeholder.error).toMatch(/POWERPAINT_PLUGIN_ID is "REPLACE_WITH_FIGMA_PLUGIN_ID", a placeholder/);
    const made = await build({ POWERPAINT_UI_URL: url, POWERPAINT_PLUGIN_ID: 'my-plugin' });
    expect(made.ok).toBe(false);
    expect(made.error).toMatch(/"my-plugin" \(POWERPAINT_PLUGIN_ID\) is not a Figma plugin id \(a number/);
  });

  it("bakes the real id from POWERPAINT_PLUGIN_ID into the hosted window, which posts to Figma's origin", async () => {
    const { out, ok, error, warning } = await build({ POWERPAINT_UI_URL: url, POWERPAINT_PLUGIN_ID: REAL_ID });
    expect(ok, error).toBe(true);
    const hosted = await readFile(join(out, 'hosted/index.html'), 'utf8');
    expect(hosted).toContain(`"${REAL_ID}"`);
    expect(hosted).not.toContain(MANIFEST.id);
    expect(hosted).toContain('"https://www.figma.com"');
    // manifest.json still has the placeholder: the build says what to publish it with.
    expect(warning).toContain(`publish the plugin with "id": "${REAL_ID}"`);
  });

  it("takes the real id from manifest.json's id, and refuses a POWERPAINT_PLUGIN_ID that differs from it", async () => {
    const cwd = await repoWithManifest({ id: REAL_ID });
    const { out, ok, error, warning } = await build({ POWERPAINT_UI_URL: url }, cwd);
    expect(ok, error).toBe(true);
    expect(warning).not.toContain('placeholder');
    expect(await readFile(join(out, 'hosted/index.html'), 'utf8')).toContain(`"${REAL_ID}"`);
    const other = await build({ POWERPAINT_UI_URL: url, POWERPAINT_PLUGIN_ID: '1095700741264679376' }, cwd);
    expect(other.ok).toBe(false);
    expect(other.error).toMatch(new RegExp(`POWERPAINT_PLUGIN_ID is 1095700741264679376 but manifest\\.json's "id" is ${REAL_ID}`));
  });

  it("the plain build (Figma's null-origin window) needs no id and posts with '*'", async () => {
    const { out, ok, error } = await build({});
    expect(ok, error).toBe(true);
    const ui = await readFile(join(out, 'ui.html'), 'utf8');
    expect(ui).not.toContain('"https://www.figma.com"');
  });

  it('refuses a plain-http host (no secure context, no WebGPU)', async () => {
    const { ok, error } = await build({ POWERPAINT_UI_URL: 'http://ui.example.com/' });
    expect(ok).toBe(false);
    expect(error).toMatch(/must be https/);
  });

  it('accepts a loopback http URL on any port for the harness (manifest devAllowedDomains lists http://localhost:5174), with the placeholder id', async () => {
    for (const dev of ['http://localhost:41234/hosted/', 'http://127.0.0.1:5174/hosted/']) {
      const { out, ok, error } = await build({ POWERPAINT_UI_URL: dev });
      expect(ok, error).toBe(true);
      expect(await readFile(join(out, 'ui.html'), 'utf8')).toContain(`window.location.href = "${dev}index.html"`);
      const hosted = await readFile(join(out, 'hosted/index.html'), 'utf8');
      expect(hosted).toContain(`"${MANIFEST.id}"`);
      expect(hosted).not.toContain('"https://www.figma.com"');
    }
  });

  it('keeps refusing http for a host that only looks local', async () => {
    const { ok, error } = await build({ POWERPAINT_UI_URL: 'http://localhost.example.com:5174/' });
    expect(ok).toBe(false);
    expect(error).toMatch(/must be https/);
  });

  it('refuses a host the manifest does not allow, naming what to add', async () => {
    const { ok, error } = await build({ POWERPAINT_UI_URL: 'https://ui.example.com/pp/' });
    expect(ok).toBe(false);
    expect(error).toMatch(/Add https:\/\/ui\.example\.com to manifest\.json's networkAccess\.allowedDomains/);
  });

  it('npm run release:hosted builds both halves in one command and says what to upload where', async () => {
    const out = await mkdtemp(join(tmpdir(), 'pp-release-'));
    dirs.push(out);
    const { stdout } = await run(process.execPath, ['tools/release-hosted.mjs', url], { env: { ...process.env, ...CLEAN_ENV, POWERPAINT_PLUGIN_ID: REAL_ID, POWERPAINT_OUT_DIR: out } });
    expect(stdout).toContain(`Upload ${join(out, 'hosted', 'index.html')}`);
    expect(stdout).toContain(`as ${url}index.html`);
    expect(await readFile(join(out, 'ui.html'), 'utf8')).toContain(`${url}index.html`);
    expect((await readFile(join(out, 'hosted/index.html'), 'utf8')).length).toBeGreaterThan(10_000);
    const refused = await run(process.execPath, ['tools/release-hosted.mjs', 'http://example.com/pp/'], { env: { ...process.env, ...CLEAN_ENV, POWERPAINT_OUT_DIR: out } }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/must be https/) });
    const noId = await run(process.execPath, ['tools/release-hosted.mjs', url], { env: { ...process.env, ...CLEAN_ENV, POWERPAINT_OUT_DIR: out } }).catch((e: { code: number; stderr: string }) => e);
    expect(noId).toMatchObject({ code: 1, stderr: expect.stringMatching(/a placeholder, not the plugin's id/) });
  });
});
