import { describe, expect, it } from 'vitest';
import { serverAccessNote } from './inference-server-access.js';

describe('what the panel says about reaching a server from this build', () => {
  it('nothing for the server the build names, whatever path the URL has', () => {
    expect(serverAccessNote('https://gpu.example.com:8443/', 'https://gpu.example.com:8443')).toBeUndefined();
  });

  it('that Figma will refuse another host, and the build variable that allows it', () => {
    expect(serverAccessNote('https://other.example.com', 'https://gpu.example.com:8443')).toBe(
      'This build may reach only https://gpu.example.com:8443: Figma will refuse https://other.example.com. Build with POWERPAINT_INFERENCE_SERVER=https://other.example.com to use it.',
    );
  });

  it('how to build for it when the build names none, and how to write a URL', () => {
    expect(serverAccessNote('https://gpu.example.com:8443/v2', '')).toContain('build it with POWERPAINT_INFERENCE_SERVER=https://gpu.example.com:8443 (docs/inference-server.md)');
    expect(serverAccessNote('gpu.example.com', '')).toBe('“gpu.example.com” is not a URL: write it as https://host:port.');
    expect(serverAccessNote('', '')).toBeUndefined();
  });
});
