import { EngineError } from '../../engine/errors.js';

/** An Open Inference Protocol server (Triton, KServe) as the person configured it. */
export interface OipServerConfig {
  /** Base URL, e.g. `https://gpu.example.com:8000` (Triton's HTTP port) or a KServe InferenceService URL. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; never printed. */
  token?: string | undefined;
  /** Longest wait for one answer (default 120 s: a first request may wait for the server to load a model). */
  timeoutMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 120_000;

const WHAT_TO_DO = 'Check that the server is running and its URL, or turn the inference server off to run on this device.';

/**
 * HTTP to one server: bearer token, a timeout per request, and every failure as an EngineError that says
 * which server, what happened and what to do. Connections are kept alive by fetch itself (Node's undici
 * and browsers pool them per origin), so a step's request reuses the last one's socket.
 */
export class OipServer {
  readonly base: string;

  constructor(
    private readonly config: OipServerConfig,
    private readonly fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
  ) {
    this.base = serverBase(config.url);
  }

  /** The host, for messages and the window's notice. */
  get host(): string {
    return new URL(this.base).host;
  }

  async request(path: string, init: { method: 'GET' | 'POST'; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> }): Promise<Response> {
    const timeoutMs = this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const headers: Record<string, string> = { ...init.headers, ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}) };
    try {
      return await this.fetchFn(`${this.base}${path}`, {
        method: init.method,
        headers,
        ...(init.body && { body: init.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      if (cause instanceof Error && cause.name === 'TimeoutError') {
        const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        throw new EngineError('server', `The inference server at ${this.host} did not answer within ${waited}. ${WHAT_TO_DO}`, { cause });
      }
      throw new EngineError('server', `The inference server at ${this.host} could not be reached (${networkReason(cause)}). ${WHAT_TO_DO}`, { cause });
    }
  }

  /** An HTTP error answer as an EngineError, with the server's own `error` text when it gave one. */
  async refusal(response: Response, what: string, hint: string): Promise<EngineError> {
    const text = await response.text().catch(() => '');
    let detail = text;
    try {
      detail = String((JSON.parse(text) as { error?: unknown }).error ?? text);
    } catch {
      // Not JSON: a proxy's page or plain text; its first line says enough.
    }
    detail = detail.split('\n')[0]!.slice(0, 300);
    const auth = response.status === 401 || response.status === 403 ? ' The server refused the token: check it in the settings (or --server-token).' : '';
    return new EngineError('server', `The inference server at ${this.host} answered HTTP ${response.status} to ${what}${detail ? `: ${detail}` : ''}.${auth} ${hint}`);
  }
}

/** The server's base URL, or an EngineError saying how to write one. */
export function serverBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EngineError('bad-input', `"${url}" is not a server URL: write it as http(s)://host:port, e.g. https://gpu.example.com:8000.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new EngineError('bad-input', `"${url}" is not an http(s) URL: write the inference server as http(s)://host:port.`);
  }
  return parsed.href.replace(/\/+$/, '');
}

// undici puts the socket's reason (ECONNREFUSED, ENOTFOUND, ECONNRESET) in the cause of its "fetch failed".
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
