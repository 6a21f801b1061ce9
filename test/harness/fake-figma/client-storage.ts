/**
 * figma.clientStorage: async, per-plugin, in memory here. Values are copied on the way in
 * and out (structured clone: JSON-like data plus Uint8Array, as Figma accepts), and the
 * total is capped at Figma's 5 MB.
 */
export const CLIENT_STORAGE_LIMIT_BYTES = 5 * 1024 * 1024;

export class FakeClientStorage {
  private readonly data = new Map<string, unknown>();

  constructor(private readonly limit = CLIENT_STORAGE_LIMIT_BYTES) {}

  async getAsync(key: string): Promise<unknown> {
    checkKey(key, 'getAsync');
    return this.data.has(key) ? structuredClone(this.data.get(key)) : undefined;
  }

  async setAsync(key: string, value: unknown): Promise<void> {
    checkKey(key, 'setAsync');
    let copy: unknown;
    try {
      copy = structuredClone(value);
    } catch (e) {
      throw new Error(`in setAsync: value is not serializable (${(e as Error).message})`);
    }
    const next = this.bytesUsed() - this.entrySize(key) + key.length + sizeOf(copy);
    if (next > this.limit) {
      throw new Error(`in setAsync: clientStorage quota exceeded: storing "${key}" would use ${next} bytes, over the 5 MB (${this.limit} bytes) limit`);
    }
    this.data.set(key, copy);
  }

  async deleteAsync(key: string): Promise<void> {
    checkKey(key, 'deleteAsync');
    this.data.delete(key);
  }

  async keysAsync(): Promise<string[]> {
    return [...this.data.keys()];
  }

  bytesUsed(): number {
    let n = 0;
    for (const k of this.data.keys()) n += this.entrySize(k);
    return n;
  }

  /** A copy of everything stored (for tests). */
  dump(): Record<string, unknown> {
    return Object.fromEntries([...this.data].map(([k, v]) => [k, structuredClone(v)]));
  }

  private entrySize(key: string): number {
    return this.data.has(key) ? key.length + sizeOf(this.data.get(key)) : 0;
  }
}

function checkKey(key: unknown, where: string): void {
  if (typeof key !== 'string') throw new Error(`in ${where}: Expected key to be a string`);
}

/** Approximate serialized size: JSON length, with binary data counted by its byte length. */
export function sizeOf(v: unknown): number {
  if (v === undefined) return 0;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (Array.isArray(v)) return 2 + v.reduce<number>((n, x) => n + sizeOf(x) + 1, 0);
  if (v && typeof v === 'object') {
    return 2 + Object.entries(v).reduce<number>((n, [k, x]) => n + k.length + 3 + sizeOf(x) + 1, 0);
  }
  return JSON.stringify(v)?.length ?? 0;
}
