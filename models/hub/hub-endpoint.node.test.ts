import { describe, expect, it } from 'vitest';
import { hubEndpointFromEnv } from './hub-endpoint.node.js';

describe('hubEndpointFromEnv', () => {
  it("is huggingface_hub's HF_ENDPOINT when set, without trailing slashes, else the Hub", () => {
    expect(hubEndpointFromEnv({})).toBe('https://huggingface.co');
    expect(hubEndpointFromEnv({ HF_ENDPOINT: '' })).toBe('https://huggingface.co');
    expect(hubEndpointFromEnv({ HF_ENDPOINT: 'http://127.0.0.1:4567//' })).toBe('http://127.0.0.1:4567');
  });
});
