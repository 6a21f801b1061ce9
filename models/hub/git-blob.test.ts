import { describe, expect, it } from 'vitest';
import { gitBlobSha1, verifyGitBlob } from './git-blob.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('git blob ids', () => {
  it('are what `git hash-object` prints', async () => {
    expect(await gitBlobSha1(text(''))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(await gitBlobSha1(text('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('vouch for a small file, and refuse other bytes or another length', async () => {
    const file = { path: 'unet/config.json', bytes: 6, gitOid: 'ce013625030ba8dba906f756967f9e9ca394464a' };
    await expect(verifyGitBlob(file, text('hello\n'), 'repo')).resolves.toBeUndefined();
    await expect(verifyGitBlob(file, text('hellO\n'), 'repo')).rejects.toMatchObject({
      code: 'corrupt-bundle',
      message: expect.stringMatching(/^unet\/config\.json from repo failed its check against the Hub's listing \(expected git blob ce013625030b… of 6 bytes, got git blob [0-9a-f]{12}…\)/),
    });
    await expect(verifyGitBlob(file, text('hello'), 'repo')).rejects.toThrow(/of 6 bytes, got 5 bytes\)/);
  });
});
