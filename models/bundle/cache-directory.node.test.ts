/**
 * The disk cache against a deliberately flaky server: files land under their sha256 only when complete
 * and verified, a stopped download resumes from the bytes kept on disk (by this process or the next), a
 * damaged one leaves nothing, two writers of one file do not mix bytes, and `clear` touches only what the
 * cache wrote.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFlakyServer, type FlakyServer, type Misbehaviour, type RequestInfo } from '../../test/bundle-server/flaky-server.js';
import { entryFor, randomBytes } from '../../test/bundle-server/test-files.js';
import { cacheUsage } from './bundle-cache.js';
import { originFromUrl } from './byte-origin.js';
import { openDirectoryCache } from './cache-directory.node.js';
import { downloadFile } from './download-file.js';
import { loadFiles } from './load-bundle.js';

const PATH = 'unet/model.onnx';
const FILE = randomBytes(200_000, 3);
let server: FlakyServer | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'powerpaint-cache-'));
  dirs.push(dir);
  return dir;
}

async function serve(plan?: (r: RequestInfo) => Misbehaviour | undefined) {
  server = await startFlakyServer({ mounts: [{ at: '/b', files: new Map([[PATH, FILE]]) }], ...(plan ? { plan } : {}) });
  return originFromUrl(`${server.origin}/b/`);
}

const noWait = async () => undefined;
const filesIn = (dir: string) => readdirSync(join(dir, 'files')).sort();

describe('openDirectoryCache', () => {
  it('keeps a verified download under its sha256, and a reopened cache serves it without the network', async () => {
    const dir = tempDir();
    const origin = await serve();
    const entry = await entryFor(PATH, FILE);
    const first = await loadFiles({ origin, files: [entry], cache: await openDirectoryCache(dir) });
    expect(first.downloaded).toEqual([PATH]);
    expect(filesIn(dir)).toEqual([entry.sha256]);
    expect(Buffer.compare(readFileSync(join(dir, 'files', entry.sha256)), FILE)).toBe(0);

    server!.log.length = 0;
    const reopened = await openDirectoryCache(dir);
    const second = await loadFiles({ origin, files: [entry], cache: reopened });
    expect(second.fromCache).toEqual([PATH]);
    expect(Buffer.compare(await second.source.read(PATH), FILE)).toBe(0);
    expect(server!.log).toEqual([]);
    expect(await cacheUsage(reopened)).toEqual({ files: 1, bytes: FILE.byteLength });
    expect(reopened).toMatchObject({ kind: 'disk', persistent: true });
  });

  it('keeps the bytes of a stopped download and resumes from them with a Range request', async () => {
    const dir = tempDir();
    const origin = await serve(({ index }) => (index === 0 ? { dropAfter: 70_000 } : undefined));
    const entry = await entryFor(PATH, FILE);
    const cache = await openDirectoryCache(dir);
    const once = { origin, entry, retry: { retries: 0 }, sleep: noWait };
    await expect(downloadFile({ ...once, sink: await cache.createWriter(entry) })).rejects.toMatchObject({ code: 'missing-file' });
    expect(filesIn(dir)).toEqual([`${entry.sha256}.part`]);
    const kept = statSync(join(dir, 'files', `${entry.sha256}.part`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(await cache.has(entry)).toBe(false);

    // The next run (another process, as far as the files can tell) picks up where this one stopped.
    const next = await openDirectoryCache(dir);
    await downloadFile({ ...once, sink: await next.createWriter(entry) });
    expect(server!.log[1]).toMatchObject({ rangeStart: kept, status: 206 });
    expect(server!.log[1]!.bytesSent).toBe(FILE.byteLength - kept);
    expect(filesIn(dir)).toEqual([entry.sha256]);
    expect(Buffer.compare((await next.read(entry))!, FILE)).toBe(0);
  });

  it('throws a damaged download away, partial bytes included', async () => {
    const dir = tempDir();
    const origin = await serve(() => ({ corruptAt: 1234 }));
    const entry = await entryFor(PATH, FILE);
    const cache = await openDirectoryCache(dir);
    await expect(downloadFile({ origin, entry, sink: await cache.createWriter(entry), sleep: noWait })).rejects.toMatchObject({ code: 'corrupt-bundle' });
    expect(filesIn(dir)).toEqual([]);
    expect(await cache.read(entry)).toBeUndefined();
  });

  it('lets two writers of the same file finish without writing into each other', async () => {
    const dir = tempDir();
    const entry = await entryFor(PATH, FILE);
    const cache = await openDirectoryCache(dir);
    const [a, b] = [await cache.createWriter(entry), await cache.createWriter(entry)];
    for (let at = 0; at < FILE.byteLength; at += 50_000) {
      await a.write(FILE.subarray(at, at + 50_000));
      await b.write(FILE.subarray(at, at + 50_000));
    }
    await a.close();
    expect(Buffer.compare((await cache.read(entry))!, FILE)).toBe(0);
    await b.close();
    expect(filesIn(dir)).toEqual([entry.sha256]);
    expect(Buffer.compare((await cache.read(entry))!, FILE)).toBe(0);
  });

  it('refuses a size that does not match, keeps refs, deletes, and clears only its own folders', async () => {
    const dir = tempDir();
    const entry = await entryFor(PATH, FILE);
    const cache = await openDirectoryCache(dir);
    const writer = await cache.createWriter(entry);
    await writer.write(FILE);
    await writer.close();
    expect(await cache.has({ ...entry, bytes: entry.bytes + 1 })).toBe(false);
    expect(await cache.read({ ...entry, bytes: entry.bytes + 1 })).toBeUndefined();
    await expect(cache.read({ ...entry, sha256: '../../etc/passwd' })).rejects.toThrow(/not a sha256/);

    await cache.writeRef('manifest:https://example.com/b/', '{"family":"powerpaint-v1"}');
    expect(await cache.readRef('manifest:https://example.com/b/')).toBe('{"family":"powerpaint-v1"}');
    expect(await cache.readRef('manifest:elsewhere')).toBeUndefined();

    await cache.delete(entry.sha256);
    expect(await cache.list()).toEqual([]);

    writeFileSync(join(dir, 'notes.txt'), 'not the cache’s');
    await cache.clear();
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(await cache.readRef('manifest:https://example.com/b/')).toBeUndefined();
    // Usable after a clear: the folders come back on the next write.
    await cache.writeRef('k', 'v');
    expect(await cache.readRef('k')).toBe('v');
    expect(existsSync(join(dir, 'refs'))).toBe(true);
  });
});
