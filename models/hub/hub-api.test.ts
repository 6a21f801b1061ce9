import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeTinyRepo } from '../../test/hub-server/tiny-repo.js';
import { useHubStandIn } from '../../test/hub-server/use-hub-stand-in.js';
import { gitBlobSha1 } from './git-blob.js';
import { HUB_ANSWER_TIMEOUT_MS, listRepoFiles, resolveCommit } from './hub-api.js';
import { parseRepoRef } from './repo-ref.js';

const TOKEN = 'hf_secretTokenValue123';
const stand = useHubStandIn({ 'acme/inpaint': {} });
const { serve } = stand;

const ref = parseRepoRef('acme/inpaint');

describe('listRepoFiles', () => {
  it("lists every file with the Hub's hashes, at the commit the revision points at", async () => {
    const { endpoint, commitOf, log } = await serve();
    const { commit, files } = await listRepoFiles(ref, { endpoint });
    expect(commit).toBe(await commitOf('acme/inpaint'));
    expect(log.map((r) => r.url)).toEqual(['/api/models/acme/inpaint/revision/main', `/api/models/acme/inpaint/tree/${commit}?recursive=1`]);
    expect(files.map((f) => f.path)).toContain('unet/diffusion_pytorch_model.fp16.safetensors');
    expect(files.some((f) => f.path === 'unet')).toBe(false); // folders are not files

    const config = files.find((f) => f.path === 'unet/config.json')!;
    const configBytes = await readFile(join(stand.root, 'acme/inpaint/unet/config.json'));
    expect(config).toEqual({ path: 'unet/config.json', bytes: configBytes.byteLength, gitOid: await gitBlobSha1(configBytes) });
    const weights = files.find((f) => f.path === 'vae/diffusion_pytorch_model.safetensors')!;
    const weightBytes = await readFile(join(stand.root, 'acme/inpaint/vae/diffusion_pytorch_model.safetensors'));
    expect(weights.sha256).toBe(createHash('sha256').update(weightBytes).digest('hex'));
    expect(weights.bytes).toBe(weightBytes.byteLength);
  });

  it('follows the pages of a long listing', async () => {
    const whole = await listRepoFiles(ref, { endpoint: (await serve()).endpoint });
    const { endpoint, log } = await serve({ pageSize: 3 });
    const paged = await listRepoFiles(ref, { endpoint: `${endpoint}/` });
    expect(paged).toEqual(whole);
    expect(log.filter((r) => r.kind === 'tree').length).toBeGreaterThan(5);
  });

  it('resolves a named revision to its own commit', async () => {
    const other = await writeTinyRepo(stand.root, 'acme/other', { variants: ['fp32'] });
    const { endpoint, commitOf } = await serve({ revisions: { 'acme/inpaint': { fp32: other } } });
    const commit = await resolveCommit({ ...ref, revision: 'fp32' }, { endpoint });
    expect(commit).toBe(await commitOf('acme/inpaint', 'fp32'));
    expect(commit).not.toBe(await commitOf('acme/inpaint'));
    const { files } = await listRepoFiles({ ...ref, revision: 'fp32' }, { endpoint });
    expect(files.some((f) => f.path.includes('.fp16.'))).toBe(false);
  });

  it('sends the token only when given, as a bearer token', async () => {
    const { endpoint, log } = await serve({ access: { 'acme/inpaint': { token: TOKEN, kind: 'gated' } } });
    await listRepoFiles(ref, { endpoint, token: TOKEN });
    expect(log.every((r) => r.authorized)).toBe(true);
  });

  it('says in plain words what is wrong, and never repeats the token', async () => {
    await writeTinyRepo(stand.root, 'acme/private');
    const { endpoint } = await serve({ access: { 'acme/inpaint': { token: TOKEN, kind: 'gated' }, 'acme/private': { token: TOKEN, kind: 'private' } } });
    const failure = async (text: string, token?: string) => {
      const error = await listRepoFiles(parseRepoRef(text), { endpoint, token }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'EngineError', code: 'missing-file' });
      const message = (error as Error).message;
      expect(message).not.toContain(TOKEN);
      return message;
    };
    expect(await failure('acme/nothing')).toBe(
      `There is no model acme/nothing on ${endpoint}: check the spelling. If it is private, give a Hugging Face access token that can read it.`,
    );
    expect(await failure('acme/nothing', TOKEN)).toMatch(/If it is private, the token given cannot read it\.$/);
    expect(await failure('acme/private')).toMatch(/^There is no model acme\/private .* If it is private, give a Hugging Face access token/);
    expect(await failure('acme/inpaint')).toBe(
      `acme/inpaint is a gated model: open ${endpoint}/acme/inpaint, accept its conditions, then give a Hugging Face access token (read access, from ${endpoint}/settings/tokens) of that account.`,
    );
    expect(await failure('acme/inpaint', 'hf_other')).toMatch(/^acme\/inpaint is a gated model and the token's account has no access yet: open .*, accept its conditions/);
    expect(await failure('acme/inpaint@v7', TOKEN)).toBe('acme/inpaint has no revision "v7" on the Hub (a branch, tag or commit): check it, or leave it out to use "main".');
  });

  it("says when the Hub cannot be reached, is busy, or the endpoint is not a Hub", async () => {
    const { endpoint } = await serve({ plan: ({ kind }) => (kind === 'revision' ? { status: 503 } : undefined) });
    await expect(listRepoFiles(ref, { endpoint, token: TOKEN })).rejects.toThrow(
      `${endpoint}/api/models/acme/inpaint/revision/main did not answer as the Hugging Face Hub does (HTTP 503). If the Hub is busy, try again in a minute; otherwise check the Hub address.`,
    );
    await stand.stop();
    const unreachable = (await listRepoFiles(ref, { endpoint, token: TOKEN }).catch((e: unknown) => e)) as Error;
    expect(unreachable).toMatchObject({ code: 'missing-file', message: expect.stringMatching(new RegExp(`^Could not reach the Hugging Face Hub at ${endpoint} \\(.*\\)\\. Check the connection`)) });
    expect(unreachable.message).not.toContain(TOKEN);

    const html = async () => new Response('<!doctype html><title>Welcome</title>', { status: 200 });
    await expect(listRepoFiles(ref, { endpoint: 'https://example.com', fetch: html })).rejects.toThrow(
      /^https:\/\/example\.com\/api\/models\/acme\/inpaint\/revision\/main did not answer as the Hugging Face Hub does \(not JSON/,
    );
  });

  it('will not follow a next page to another host (the token goes with every page)', async () => {
    const { endpoint } = await serve();
    const asked: string[] = [];
    const foreignLink: typeof fetch = async (input, init) => {
      asked.push(String(input));
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.set('Link', '<https://elsewhere.example/api/models/acme/inpaint/tree/x?cursor=2>; rel="next"');
      return new Response(response.body, { status: response.status, headers });
    };
    await expect(listRepoFiles(ref, { endpoint, fetch: foreignLink, token: TOKEN })).rejects.toThrow(/its next page is on another host, elsewhere\.example/);
    expect(asked.every((url) => url.startsWith(endpoint))).toBe(true);
  });

  it('gives up on a Hub that takes the request and never answers, with a message (before: waited forever)', async () => {
    // A fetch that answers only when aborted, as a stalled connection does; the timeout runs on a fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const silent: typeof fetch = (_input, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      const listing = listRepoFiles(ref, { endpoint: 'https://hub.example', fetch: silent }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(HUB_ANSWER_TIMEOUT_MS);
      expect(await listing).toMatchObject({
        code: 'missing-file',
        message: 'The Hugging Face Hub at https://hub.example did not answer within 30 s. Check the connection, then load the model again.',
      });
      // A cancel while waiting is a cancel, not a timeout.
      const controller = new AbortController();
      const cancelled = listRepoFiles(ref, { endpoint: 'https://hub.example', fetch: silent, signal: controller.signal }).catch((e: unknown) => e);
      controller.abort();
      expect(await cancelled).toMatchObject({ code: 'cancelled' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops when cancelled', async () => {
    const { endpoint } = await serve();
    const controller = new AbortController();
    controller.abort();
    await expect(listRepoFiles(ref, { endpoint, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
