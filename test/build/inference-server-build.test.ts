/**
 * POWERPAINT_INFERENCE_SERVER: the build lets the window reach a team's server only where manifest.json's
 * networkAccess allows its origin and says pictures go there, and bakes that origin into the window.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dirs: string[] = [];
const REPO = resolve('.');
const MANIFEST = JSON.parse(await readFile('manifest.json', 'utf8')) as { networkAccess: { allowedDomains: string[]; reasoning: string } };
const SERVER = 'https://gpu.example.com:8443';

async function build(env: Record<string, string>, cwd = REPO) {
  const out = await mkdtemp(join(tmpdir(), 'pp-build-'));
  dirs.push(out);
  // A developer's hosted-UI or server variables must not change the test.
  const { POWERPAINT_UI_URL: _ui, POWERPAINT_INFERENCE_SERVER: _server, ...inherited } = process.env;
  const result = await run(process.execPath, ['esbuild.config.mjs'], { cwd, env: { ...inherited, ...env, POWERPAINT_OUT_DIR: out } }).then(
    () => ({ ok: true as const, error: '' }),
    (error: { stderr: string }) => ({ ok: false as const, error: error.stderr }),
  );
  return { out, ...result };
}

/** This repository with manifest.json's networkAccess changed (every other entry a link to the real one). */
async function repoWithNetworkAccess(change: (access: typeof MANIFEST.networkAccess) => typeof MANIFEST.networkAccess): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-repo-'));
  dirs.push(dir);
  for (const entry of await readdir(REPO)) {
    if (entry !== 'manifest.json' && entry !== 'dist' && entry !== '.git') await symlink(join(REPO, entry), join(dir, entry));
  }
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...MANIFEST, networkAccess: change(MANIFEST.networkAccess) }, null, 2));
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('inference-server build (POWERPAINT_INFERENCE_SERVER)', () => {
  it('refuses a server the manifest does not allow, naming what to add', async () => {
    const { ok, error } = await build({ POWERPAINT_INFERENCE_SERVER: `${SERVER}/v2` });
    expect(ok).toBe(false);
    expect(error).toContain(`Add ${SERVER} to manifest.json's networkAccess.allowedDomains`);
  });

  it('refuses one the manifest allows but whose reasoning still says pictures stay on the computer', async () => {
    const cwd = await repoWithNetworkAccess((a) => ({ ...a, allowedDomains: [...a.allowedDomains, SERVER] }));
    const { ok, error } = await build({ POWERPAINT_INFERENCE_SERVER: SERVER }, cwd);
    expect(ok).toBe(false);
    expect(error).toContain('Say in manifest.json\'s networkAccess.reasoning that pictures are sent to gpu.example.com:8443');
  });

  it('refuses plain http off the loopback host', async () => {
    const { ok, error } = await build({ POWERPAINT_INFERENCE_SERVER: 'http://gpu.example.com:8000' });
    expect(ok).toBe(false);
    expect(error).toContain('must be https');
  });

  it('bakes an allowed, declared server\'s origin into the window, and none without the variable', async () => {
    const cwd = await repoWithNetworkAccess((a) => ({
      ...a,
      allowedDomains: [...a.allowedDomains, SERVER],
      reasoning: `${a.reasoning} With the inference server turned on, pictures are sent to gpu.example.com:8443 to be painted.`,
    }));
    const withServer = await build({ POWERPAINT_INFERENCE_SERVER: `${SERVER}/` }, cwd);
    expect(withServer.error).toBe('');
    expect(await readFile(join(withServer.out, 'ui.html'), 'utf8')).toContain(`"${SERVER}"`);
    const plain = await build({}, cwd);
    expect(plain.ok).toBe(true);
    expect(await readFile(join(plain.out, 'ui.html'), 'utf8')).not.toContain(SERVER);
  });
});
