import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dirs: string[] = [];

async function build(env: Record<string, string>) {
  const out = await mkdtemp(join(tmpdir(), 'pp-build-'));
  dirs.push(out);
  const result = await run(process.execPath, ['esbuild.config.mjs'], { env: { ...process.env, ...env, POWERPAINT_OUT_DIR: out } }).then(
    () => ({ ok: true as const, error: '' }),
    (error: { stderr: string }) => ({ ok: false as const, error: error.stderr }),
  );
  return { out, ...result };
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('hosted-UI build (POWERPAINT_UI_URL)', () => {
  // A host the manifest already allows, so the test needs no manifest of its own.
  const url = 'https://huggingface.co/powerpaint/ui/';

  it('writes the full window for the host and makes dist/ui.html a stub that navigates there', async () => {
    const { out, ok, error } = await build({ POWERPAINT_UI_URL: url });
    expect(error).toBe('');
    expect(ok).toBe(true);
    const stub = await readFile(join(out, 'ui.html'), 'utf8');
    const hosted = await readFile(join(out, 'hosted/index.html'), 'utf8');
    expect(stub).toContain(`window.location.href = "${url}index.html"`);
    expect(stub.length).toBeLessThan(200);
    expect(hosted).toMatch(/<div id="app"><\/div>/);
    expect(hosted.length).toBeGreaterThan(10_000);
  });

  it('refuses a plain-http host (no secure context, no WebGPU)', async () => {
    const { ok, error } = await build({ POWERPAINT_UI_URL: 'http://ui.example.com/' });
    expect(ok).toBe(false);
    expect(error).toMatch(/must be https/);
  });

  it('accepts a loopback http URL on any port for the harness (manifest devAllowedDomains lists http://localhost:5174)', async () => {
    for (const dev of ['http://localhost:41234/hosted/', 'http://127.0.0.1:5174/hosted/']) {
      const { out, ok, error } = await build({ POWERPAINT_UI_URL: dev });
      expect(ok, error).toBe(true);
      expect(await readFile(join(out, 'ui.html'), 'utf8')).toContain(`window.location.href = "${dev}index.html"`);
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
    const { stdout } = await run(process.execPath, ['tools/release-hosted.mjs', url], { env: { ...process.env, POWERPAINT_OUT_DIR: out } });
    expect(stdout).toContain(`Upload ${join(out, 'hosted', 'index.html')}`);
    expect(stdout).toContain(`as ${url}index.html`);
    expect(await readFile(join(out, 'ui.html'), 'utf8')).toContain(`${url}index.html`);
    expect((await readFile(join(out, 'hosted/index.html'), 'utf8')).length).toBeGreaterThan(10_000);
    const refused = await run(process.execPath, ['tools/release-hosted.mjs', 'http://example.com/pp/'], { env: { ...process.env, POWERPAINT_OUT_DIR: out } }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/must be https/) });
  });
});
