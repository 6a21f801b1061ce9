import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHubStandIn } from './hub-stand-in.js';
import { writeTinyRepo } from './tiny-repo.js';
import { useHubStandIn } from './use-hub-stand-in.js';

const stand = useHubStandIn({ 'acme/inpaint': {} });
const { serve } = stand;

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the Hub stand-in', () => {
  it('lists files as the Hub does: git blob ids, LFS entries with sha256 and pointer size, folders', async () => {
    await writeFile(join(stand.root, 'acme/inpaint/hello.txt'), 'hello\n');
    const { endpoint } = await serve();
    const response = await fetch(`${endpoint}/api/models/acme/inpaint/tree/main?recursive=1`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const entries = (await response.json()) as TreeEntry[];
    // `git hash-object` of "hello\n": the id git (and the Hub) gives that content.
    expect(entries.find((e) => e.path === 'hello.txt')).toEqual({ type: 'file', path: 'hello.txt', size: 6, oid: 'ce013625030ba8dba906f756967f9e9ca394464a' });
    const unet = entries.find((e) => e.path === 'unet/diffusion_pytorch_model.safetensors')!;
    const bytes = await readFile(join(stand.root, 'acme/inpaint/unet/diffusion_pytorch_model.safetensors'));
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(bytes)}\nsize ${bytes.byteLength}\n`;
    expect(unet).toEqual({
      type: 'file',
      path: unet.path,
      size: bytes.byteLength,
      oid: createHash('sha1').update(`blob ${pointer.length}\0${pointer}`).digest('hex'),
      lfs: { oid: sha256(bytes), size: bytes.byteLength, pointerSize: pointer.length },
    });
    expect(entries.filter((e) => e.type === 'directory').map((e) => e.path)).toContain('unet');
    const top = (await (await fetch(`${endpoint}/api/models/acme/inpaint/tree/main`)).json()) as TreeEntry[];
    expect(top.every((e) => !e.path.includes('/'))).toBe(true);
    const folder = (await (await fetch(`${endpoint}/api/models/acme/inpaint/tree/main/unet`)).json()) as TreeEntry[];
    expect(folder.map((e) => e.path).sort()).toEqual(['unet/config.json', 'unet/diffusion_pytorch_model.fp16.safetensors', 'unet/diffusion_pytorch_model.safetensors']);
  });

  it('pages a long listing with Link rel="next"', async () => {
    const { endpoint } = await serve({ pageSize: 4 });
    const paths: string[] = [];
    let pages = 0;
    for (let url: string | undefined = `${endpoint}/api/models/acme/inpaint/tree/main?recursive=1`; url; pages++) {
      const response: Response = await fetch(url);
      paths.push(...((await response.json()) as TreeEntry[]).map((e) => e.path));
      url = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    const whole = await startHubStandIn({ root: stand.root });
    const all = (await (await fetch(`${whole.endpoint}/api/models/acme/inpaint/tree/main?recursive=1`)).json()) as TreeEntry[];
    await whole.close();
    expect(pages).toBe(Math.ceil(all.length / 4));
    expect(paths).toEqual(all.map((e) => e.path));
  });

  it('derives the commit from the content: same files, same commit; a changed file, another', async () => {
    const copy = await writeTinyRepo(stand.root, 'acme/copy');
    const { endpoint, commitOf } = await serve({ revisions: { 'acme/inpaint': { v2: copy } } });
    const info = (await (await fetch(`${endpoint}/api/models/acme/inpaint/revision/main`)).json()) as { id: string; sha: string; siblings: { rfilename: string }[] };
    expect(info.id).toBe('acme/inpaint');
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.siblings.map((s) => s.rfilename)).toContain('unet/config.json');
    expect(await commitOf('acme/inpaint', 'v2')).toBe(info.sha);
    await writeFile(join(copy, 'unet/config.json'), '{"in_channels": 4}\n');
    const v2 = await commitOf('acme/inpaint', 'v2');
    expect(v2).not.toBe(info.sha);
    // a revision may be named by its commit sha
    const byCommit = (await (await fetch(`${endpoint}/api/models/acme/inpaint/revision/${v2}`)).json()) as { sha: string };
    expect(byCommit.sha).toBe(v2);
  });

  it('serves a small file with ETag and X-Repo-Commit, and redirects an LFS file to the storage host with X-Linked-Etag', async () => {
    const { endpoint, storageOrigin, commitOf } = await serve();
    const commit = await commitOf('acme/inpaint');
    const small = await fetch(`${endpoint}/acme/inpaint/resolve/main/unet/config.json`);
    expect(small.status).toBe(200);
    expect(small.headers.get('x-repo-commit')).toBe(commit);
    expect(small.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    expect(await small.text()).toBe(await readFile(join(stand.root, 'acme/inpaint/unet/config.json'), 'utf8'));

    const bytes = await readFile(join(stand.root, 'acme/inpaint/vae/diffusion_pytorch_model.safetensors'));
    for (const method of ['HEAD', 'GET']) {
      const redirect = await fetch(`${endpoint}/acme/inpaint/resolve/${commit}/vae/diffusion_pytorch_model.safetensors`, { method, redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toMatch(new RegExp(`^${storageOrigin}/`));
      expect(redirect.headers.get('x-linked-etag')).toBe(`"${sha256(bytes)}"`);
      expect(redirect.headers.get('x-linked-size')).toBe(String(bytes.byteLength));
      expect(redirect.headers.get('x-repo-commit')).toBe(commit);
      expect(redirect.headers.get('access-control-expose-headers')).toMatch(/X-Linked-Etag.*X-Repo-Commit|X-Repo-Commit.*X-Linked-Etag/);
    }
    const followed = await fetch(`${endpoint}/acme/inpaint/resolve/main/vae/diffusion_pytorch_model.safetensors`);
    expect(followed.url.startsWith(storageOrigin)).toBe(true);
    expect(followed.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.compare(Buffer.from(await followed.arrayBuffer()), bytes)).toBe(0);

    const ranged = await fetch(`${endpoint}/acme/inpaint/resolve/main/vae/diffusion_pytorch_model.safetensors`, { headers: { Range: 'bytes=1000-' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-${bytes.byteLength - 1}/${bytes.byteLength}`);
    expect(Buffer.compare(Buffer.from(await ranged.arrayBuffer()), bytes.subarray(1000))).toBe(0);
  });

  it('answers CORS preflights on both hosts', async () => {
    const { endpoint, storageOrigin } = await serve();
    for (const url of [`${endpoint}/acme/inpaint/resolve/main/unet/config.json`, `${storageOrigin}/lfs/${'0'.repeat(64)}`]) {
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'null', 'Access-Control-Request-Headers': 'authorization, range' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Range/);
    }
  });

  it('says RepoNotFound, RevisionNotFound and EntryNotFound as the Hub does', async () => {
    const { endpoint } = await serve();
    const code = async (url: string) => {
      const response = await fetch(url);
      return [response.status, response.headers.get('x-error-code')];
    };
    expect(await code(`${endpoint}/api/models/acme/nothing/tree/main`)).toEqual([404, 'RepoNotFound']);
    expect(await code(`${endpoint}/acme/nothing/resolve/main/unet/config.json`)).toEqual([404, 'RepoNotFound']);
    expect(await code(`${endpoint}/api/models/acme/inpaint/revision/v9`)).toEqual([404, 'RevisionNotFound']);
    expect(await code(`${endpoint}/acme/inpaint/resolve/main/unet/nothing.json`)).toEqual([404, 'EntryNotFound']);
  });

  it('keeps gated and private repos behind their token', async () => {
    await writeTinyRepo(stand.root, 'acme/secret');
    const { endpoint } = await serve({ access: { 'acme/inpaint': { token: 'hf_right', kind: 'gated' }, 'acme/secret': { token: 'hf_right', kind: 'private' } } });
    const answer = async (repo: string, token?: string) => {
      const response = await fetch(`${endpoint}/api/models/${repo}/revision/main`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      return [response.status, response.headers.get('x-error-code')];
    };
    expect(await answer('acme/inpaint')).toEqual([401, 'GatedRepo']);
    expect(await answer('acme/inpaint', 'hf_wrong')).toEqual([403, 'GatedRepo']);
    expect(await answer('acme/inpaint', 'hf_right')).toEqual([200, null]);
    expect(await answer('acme/secret')).toEqual([401, 'RepoNotFound']);
    expect(await answer('acme/secret', 'hf_right')).toEqual([200, null]);
  });

  it('misbehaves on plan: drops a connection after N bytes, serves damaged bytes, logs every request', async () => {
    const path = 'unet/diffusion_pytorch_model.safetensors';
    const { endpoint, downloads } = await serve({
      plan: ({ host, path: p, index }) => (host === 'storage' && p === path ? (index === 0 ? { dropAfter: 3000 } : { corrupt: true }) : undefined),
    });
    const url = `${endpoint}/acme/inpaint/resolve/main/${path}`;
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
    const damaged = Buffer.from(await (await fetch(url)).arrayBuffer());
    const bytes = await readFile(join(stand.root, 'acme/inpaint', path));
    expect(damaged.byteLength).toBe(bytes.byteLength);
    expect(Buffer.compare(damaged, bytes)).not.toBe(0);
    expect(downloads(path).map((r) => [r.host, r.status, r.bytesSent])).toEqual([
      ['hub', 302, 0],
      ['storage', 200, 3000],
      ['hub', 302, 0],
      ['storage', 200, bytes.byteLength],
    ]);
  });
});
