/**
 * Starts the test's Open Inference Protocol server (KServe's Python ModelServer running ONNX graphs with
 * onnxruntime, onnx_graph_server.py) on a free loopback port, and stops it. Its Python comes from the
 * repository's `.venv-oip` (`npm test` makes it: ensure-venv.sh); without it the tests fail, saying how to make it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningOipServer {
  url: string;
  port: number;
  /** What the server wrote so far: uvicorn's access log names each request's client address and port. */
  log(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel's pick, released at once). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface OipServerOptions {
  /** The repository's root, where `.venv-oip` and this folder are (a bench bundled elsewhere gives it). */
  repoRoot?: string;
  readyWithinMs?: number;
}

/** Serves each graph under its name (`{ unet: '/…/unet/model.onnx' }`); resolves once the server is ready. */
export async function startOipServer(graphs: Record<string, string>, options: OipServerOptions = {}): Promise<RunningOipServer> {
  const root = options.repoRoot ? `${options.repoRoot.replace(/\/+$/, '')}/` : REPO;
  const python = `${root}.venv-oip/bin/python`;
  if (!existsSync(python)) {
    throw new Error(
      `The inference server's Python is missing (${python}). Create it: bash test/oip-server/ensure-venv.sh (npm test runs it first).`,
    );
  }
  // Tests start servers in parallel: a port chosen free may be taken before this one binds it. Then it exits,
  // and another port is tried; its instance model tells this server from the one that took the port.
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const instance = `instance-${randomUUID()}`;
    const args = [`${root}test/oip-server/onnx_graph_server.py`, '--http_port', String(port), '--enable_grpc', 'false', '--instance', instance, ...Object.entries(graphs).flatMap(([name, path]) => ['--graph', `${name}=${path}`])];
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const running: RunningOipServer = { url, port, log: () => output, stop: () => stopChild(child) };
    try {
      await waitUntilReady(`${url}/v2/models/${instance}/ready`, child, options.readyWithinMs ?? 90_000, () => output);
      return running;
    } catch (error) {
      await running.stop();
      if (attempt < 3 && /address already in use/i.test(output)) continue;
      throw error;
    }
  }
}

async function waitUntilReady(readyUrl: string, child: ChildProcess, withinMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The inference server exited (${child.exitCode}) before it was ready:\n${log().slice(-3000)}`);
    const ready = await fetch(readyUrl).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The inference server was not ready within ${withinMs / 1000} s:\n${log().slice(-3000)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // KServe waits for open requests before it exits; one that hangs is ended.
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The client ports of the infer requests in the server's access log, one per request, in order. */
export function inferClientPorts(log: string): number[] {
  return [...log.matchAll(/127\.0\.0\.1:(\d+) \S+ - "POST \/v2\/models\/[^/]+\/infer/g)].map((m) => Number(m[1]));
}
