import type { ServerResponse } from 'node:http';

/** Writes a chunk and waits while the socket's buffer is full, or until the connection closes (both listeners removed). */
export function writeChunk(response: ServerResponse, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (response.write(chunk)) return resolve();
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
