import { describe, expect, it } from 'vitest';
import { CLIENT_STORAGE_LIMIT_BYTES, createFakeFigma } from '../index.js';

describe('fake figma: clientStorage', () => {
  it('stores copies and lists/deletes keys', async () => {
    const { api } = createFakeFigma();
    const value = { steps: 45, seeds: [1, 2], bytes: new Uint8Array([7]) };
    await api.clientStorage.setAsync('settings', value);
    value.steps = 1;
    const got = await api.clientStorage.getAsync('settings');
    expect(got).toEqual({ steps: 45, seeds: [1, 2], bytes: new Uint8Array([7]) });
    expect(await api.clientStorage.keysAsync()).toEqual(['settings']);
    await api.clientStorage.deleteAsync('settings');
    expect(await api.clientStorage.getAsync('settings')).toBeUndefined();
  });

  it('enforces the 5 MB total and keeps the old value on failure', async () => {
    const { api, clientStorage } = createFakeFigma();
    expect(CLIENT_STORAGE_LIMIT_BYTES).toBe(5 * 1024 * 1024);
    await api.clientStorage.setAsync('a', new Uint8Array(3 * 1024 * 1024));
    await expect(api.clientStorage.setAsync('b', new Uint8Array(2.5 * 1024 * 1024))).rejects.toThrow(/quota exceeded.*5 MB/);
    expect(await api.clientStorage.keysAsync()).toEqual(['a']);
    // Replacing a key counts the new value, not both.
    await api.clientStorage.setAsync('a', new Uint8Array(4.5 * 1024 * 1024));
    expect(clientStorage.bytesUsed()).toBe(1 + 4.5 * 1024 * 1024);
    await expect(api.clientStorage.setAsync('f', () => 1)).rejects.toThrow(/not serializable/);
  });
});
