/**
 * A gateway in front of the test's inference server, as a team puts one in front of Triton or KServe for a
 * browser client (docs/inference-server.md): it answers CORS (the plugin window's origin is `null`), exposes
 * `Inference-Header-Content-Length` to scripts, and records each request's path and bearer token.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, inference-header-content-length',
  // Without this a browser hides the header, and the binary answer cannot be split from its JSON.
  'access-control-expose-headers': 'inference-header-content-length',
};

export interface CorsGateway {
  url: string;
  /** Every request passed on: method, path and the Authorization header as received. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startCorsGateway(target: string): Promise<CorsGateway> {
  const requests: CorsGateway['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization });
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, { ...answer.headers, ...CORS_HEADERS });
      answer.pipe(res);
    });
    upstream.on('error', (error) => res.writeHead(502, CORS_HEADERS).end(JSON.stringify({ error: error.message })));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
