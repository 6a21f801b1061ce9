import { describe, expect, it } from 'vitest';
import { bundleFromFiles, parsePythonJson, readJson } from './bundle-source.js';

describe('reading bundle JSON', () => {
  it('accepts the Infinity and NaN that Python writes into diffusers configs', () => {
    expect(parsePythonJson('{"lambda_min_clipped": -Infinity, "a": [Infinity, NaN], "s": "Infinity"}')).toEqual({
      lambda_min_clipped: -Infinity,
      a: [Infinity, null],
      s: 'Infinity',
    });
  });

  it('names the file when it is not JSON', async () => {
    const source = bundleFromFiles(new Map([['x.json', new TextEncoder().encode('{oops')]]), 'here');
    await expect(readJson(source, 'x.json')).rejects.toThrow(/x\.json in here is not valid JSON/);
  });
});
