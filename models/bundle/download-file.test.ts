import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFlakyServer, type FlakyServer, type Misbehaviour, type RequestInfo } from '../../test/bundle-server/flaky-server.js';
import { entryFor, randomBytes } from '../../test/bundle-server/test-files.js';
import { EngineError } from '../engine/errors.js';
import { originFromUrl, RangeNotSatisfiableError, streamOf, type ByteOrigin } from './byte-origin.js';
import { downloadFile, type DownloadFileOptions } from './download-file.js';
import { memorySink, type FileSink } from './file-sink.js';
import type { BundleFile } from './manifest.js';
import { Throughput } from './throughput.js';

const FILE = randomBytes(300_000, 7);
const PATH = 'unet/model.onnx';
let server: FlakyServer | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function serve(plan?: (r: RequestInfo) => Misbehaviour | undefined, files = new Map([[PATH, FILE]])) {
  server = await startFlakyServer({ mounts: [{ at: '/b', files }], ...(plan ? { plan } : {}) });
  return originFromUrl(`${server.origin}/b/`);
}

/** toEqual walks typed arrays element by element (a second per 300 kB): compare bytes directly. */
function expectBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

/** A sink that records how it ended, around an in-memory one. */
function watchedSink(bytes: number) {
  const inner = memorySink(bytes, PATH);
  const events: string[] = [];
  const sink: FileSink<Uint8Array> = {
    write: (chunk) => inner.write(chunk),
    close: () => (events.push('close'), inner.close()),
    abort: async (keep) => void events.push(keep ? 'abort(keep)' : 'abort(discard)'),
  };
  return { sink, events };
}

async function download(origin: ByteOrigin, entry: BundleFile, extra: Partial<DownloadFileOptions<Uint8Array>> = {}) {
  const delays: number[] = [];
  const { sink, events } = watchedSink(entry.bytes);
  const run = downloadFile({
    origin,
    entry,
    sink,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5, // no jitter: backoff is exactly base·2^(n-1)
    ...extra,
  });
  return { run, delays, events };
}

describe('downloadFile', () => {
  it('streams a file and checks its sha256 on the way, in one request', async () => {
    const origin = await serve();
    const seen: number[] = [];
    const { run, events } = await download(origin, await entryFor(PATH, FILE), { onBytes: (n) => seen.push(n) });
    expectBytes(await run, FILE);
    expect(events).toEqual(['close']);
    expect(server!.log).toHaveLength(1);
    expect(seen.at(-1)).toBe(FILE.byteLength);
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
  });

  it('resumes after dropped connections with Range from the last byte received, never re-sending bytes', async () => {
    // The first two responses die part-way: at 100 000 bytes of the file, then 50 000 bytes later.
    const origin = await serve(({ index }) => (index === 0 ? { dropAfter: 100_000 } : index === 1 ? { dropAfter: 50_000 } : undefined));
    const { run, delays } = await download(origin, await entryFor(PATH, FILE));
    expectBytes(await run, FILE);
    const log = server!.log;
    expect(log.map((r) => r.status)).toEqual([200, 206, 206]);
    expect(log[0]!.range).toBeUndefined();
    expect(log[1]!.rangeStart).toBeGreaterThan(0);
    expect(log[1]!.rangeStart).toBeLessThanOrEqual(100_000);
    expect(log[2]!.rangeStart).toBeGreaterThan(log[1]!.rangeStart!);
    // Each resume asks for exactly what was received: the bytes sent add up to the file, once.
    expect(log[1]!.rangeStart).toBe(log[0]!.bytesSent);
    expect(log[2]!.rangeStart).toBe(log[0]!.bytesSent + log[1]!.bytesSent);
    expect(log.reduce((sum, r) => sum + r.bytesSent, 0)).toBe(FILE.byteLength);
    // Progress was made before each failure, so the backoff starts over each time.
    expect(delays).toEqual([500, 500]);
  });

  it('takes a host that ignores Range (200 with the whole file) by skipping what it already has', async () => {
    const origin = await serve(({ index }) => (index === 0 ? { dropAfter: 120_000 } : { ignoreRange: true }));
    const { run } = await download(origin, await entryFor(PATH, FILE));
    expectBytes(await run, FILE);
    expect(server!.log.map((r) => r.status)).toEqual([200, 200]);
    expect(server!.log[1]!.rangeStart).toBeGreaterThan(0);
  });

  it('a corrupted byte fails the sha256 check with a clear message, and the partial file is discarded', async () => {
    const origin = await serve(() => ({ corruptAt: 123_456 }));
    const { run, events } = await download(origin, await entryFor(PATH, FILE));
    const error = (await run.catch((e: unknown) => e)) as EngineError;
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('corrupt-bundle');
    expect(error.message).toMatch(/^unet\/model\.onnx from http:\/\/127\.0\.0\.1:\d+\/b\/ failed its sha256 check \(expected [0-9a-f]{12}…, got [0-9a-f]{12}…\)/);
    expect(error.message).toMatch(/Nothing was kept; download it again/);
    expect(events).toEqual(['abort(discard)']);
  });

  it('retries 5xx and 429 with exponential backoff, honouring Retry-After', async () => {
    const origin = await serve(({ index }) =>
      index === 0 ? { status: 503 } : index === 1 ? { status: 502 } : index === 2 ? { status: 429, retryAfterSeconds: 7 } : index === 3 ? { status: 500 } : undefined,
    );
    const retries: string[] = [];
    const { run, delays } = await download(origin, await entryFor(PATH, FILE), { onRetry: (r) => retries.push(r.reason) });
    expectBytes(await run, FILE);
    expect(delays).toEqual([500, 1000, 7000, 4000]);
    expect(retries[0]).toMatch(/answered HTTP 503/);
  });

  it('gives up after the configured tries with a message that says what happened', async () => {
    const origin = await serve(() => ({ status: 503 }));
    const { run, delays } = await download(origin, await entryFor(PATH, FILE), { retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 250 } });
    const error = (await run.catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('missing-file');
    expect(error.message).toMatch(/Downloading unet\/model\.onnx from .* failed 4 times in a row \(.*answered HTTP 503\)\. Check the connection/);
    expect(delays).toEqual([100, 200, 250]);
  });

  it('does not retry a 404', async () => {
    const origin = await serve(undefined, new Map());
    const { run, delays } = await download(origin, await entryFor(PATH, FILE));
    await expect(run).rejects.toMatchObject({ code: 'missing-file', message: expect.stringMatching(/has no file unet\/model\.onnx \(HTTP 404\)/) });
    expect(delays).toEqual([]);
    expect(server!.log).toHaveLength(1);
  });

  it('drops a connection silent for the stall timeout (30 s by default) and resumes where it stopped', async () => {
    // The watchdog runs on a fake clock: only this test moves it, so a slow machine can't fake a stall
    // (a late chunk) or hide one; the bytes still go over a real socket.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const origin = await serve(({ index }) => (index === 0 ? { stallAfter: 64_000 } : undefined));
    const retries: string[] = [];
    const quiet: number[][] = [];
    let silent!: () => void;
    const stalled = new Promise<void>((resolve) => (silent = resolve));
    const { run } = await download(origin, await entryFor(PATH, FILE), {
      onBytes: (n) => n === 64_000 && silent(),
      onRetry: (r) => retries.push(r.reason),
      onQuiet: (q) => quiet.push([q.silentMs, q.dropInMs, q.loaded]),
    });
    await stalled; // the server went silent after 64 000 bytes and keeps the socket open
    await vi.advanceTimersByTimeAsync(29_999);
    expect(retries).toEqual([]);
    // The silence is reported as it grows (before: nothing, and the time left shown froze).
    expect(quiet).toEqual([5000, 10_000, 15_000, 20_000, 25_000].map((ms) => [ms, 30_000 - ms, 64_000]));
    expect(server!.log).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expectBytes(await run, FILE);
    expect(retries).toEqual([`no data for 30 s after 64000 of ${FILE.byteLength} bytes`]);
    expect(server!.log.map((r) => [r.status, r.rangeStart])).toEqual([[200, undefined], [206, 64_000]]);
  });

  it('a file the host holds shorter than the manifest says ends in a clear error (416 at the end)', async () => {
    const short = FILE.subarray(0, 200_000);
    const origin = await serve(undefined, new Map([[PATH, short]]));
    const { run } = await download(origin, await entryFor(PATH, FILE));
    await expect(run).rejects.toMatchObject({ code: 'corrupt-bundle', message: expect.stringMatching(/shorter than the 300000 bytes the manifest says/) });
    expect(server!.log.map((r) => r.status)).toEqual([200, 416]);
  });

  it('a file longer than the manifest says is refused while streaming', async () => {
    const origin = await serve();
    const entry = { ...(await entryFor(PATH, FILE)), bytes: 1000 };
    const { run } = await download(origin, entry);
    await expect(run).rejects.toMatchObject({ code: 'corrupt-bundle', message: expect.stringMatching(/longer than the 1000 bytes/) });
  });

  it('a connection that fails after the last byte still completes the file, without another request', async () => {
    const entry = await entryFor(PATH, FILE);
    let opens = 0;
    const origin: ByteOrigin = {
      label: 'test origin',
      async open(_path, offset) {
        opens++;
        if (offset >= FILE.byteLength) throw new RangeNotSatisfiableError('416');
        // The body delivers everything, then errors instead of closing.
        const inner = streamOf(FILE).getReader();
        return {
          start: 0,
          body: new ReadableStream({
            async pull(controller) {
              const { done, value } = await inner.read();
              if (done) controller.error(new TypeError('terminated'));
              else controller.enqueue(value);
            },
          }),
        };
      },
    };
    const { run, delays } = await download(origin, entry);
    expectBytes(await run, FILE);
    expect(opens).toBe(1);
    expect(delays).toEqual([]);
  });

  it('stops on cancel, keeping what a resumable sink holds', async () => {
    const origin = await serve(() => ({ bytesPerSecond: 200_000 }));
    const controller = new AbortController();
    const { run, events } = await download(origin, await entryFor(PATH, FILE), {
      signal: controller.signal,
      onBytes: (n) => n > 50_000 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(events).toEqual(['abort(keep)']);
  });

  it('throttled: progress reports the speed of the connection and an ETA at that speed', async () => {
    // 400 kB/s on a virtual clock that moves as the bytes arrive: the meter measures the connection,
    // not how fast this machine hands the chunks over.
    const clock = { now: 0 };
    const meter = new Throughput(5000, () => clock.now);
    let speed: number | undefined;
    let eta: number | undefined;
    let at = 0;
    const { run } = await download(pacedOrigin(FILE, 400_000, clock), await entryFor(PATH, FILE), {
      onBytes: (n) => {
        meter.record(n);
        if (n > 150_000 && speed === undefined && meter.bytesPerSecond !== undefined) {
          speed = meter.bytesPerSecond;
          eta = meter.etaMs(FILE.byteLength - n);
          at = n;
        }
      },
    });
    expectBytes(await run, FILE);
    expect(at).toBeGreaterThan(150_000);
    expect(at).toBeLessThan(FILE.byteLength);
    expect(speed).toBeCloseTo(400_000, 3);
    expect(eta).toBeCloseTo(((FILE.byteLength - at) / 400_000) * 1000, 3);
  });
});

/**
 * A connection paced to `bytesPerSecond` on a virtual clock: each chunk moves `clock.now` on by the time
 * it takes at that rate, as it arrives.
 */
function pacedOrigin(file: Uint8Array, bytesPerSecond: number, clock: { now: number }, chunkBytes = 16 * 1024): ByteOrigin {
  return {
    label: 'paced origin',
    async open(_path, offset) {
      let at = offset;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (at >= file.byteLength) return controller.close();
            const chunk = file.subarray(at, Math.min(file.byteLength, at + chunkBytes));
            at += chunk.byteLength;
            clock.now += (chunk.byteLength / bytesPerSecond) * 1000;
            controller.enqueue(chunk);
          },
        },
        { highWaterMark: 0 }, // no read-ahead: a chunk arrives when the download reads it
      );
      return { start: offset, body };
    },
  };
}

describe('Throughput', () => {
  it('measures over a sliding window and estimates the time left', () => {
    let now = 0;
    const meter = new Throughput(1000, () => now);
    meter.record(0);
    expect(meter.bytesPerSecond).toBeUndefined();
    now = 500;
    meter.record(500_000);
    expect(meter.bytesPerSecond).toBe(1_000_000);
    expect(meter.etaMs(2_000_000)).toBe(2000);
    // A stall: after the window, the old fast samples no longer count.
    now = 3000;
    meter.record(600_000);
    now = 4000;
    meter.record(700_000);
    expect(meter.bytesPerSecond).toBeCloseTo(100_000);
  });
});
