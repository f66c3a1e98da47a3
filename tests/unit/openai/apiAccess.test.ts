import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { assertBindAllowed, checkApiAccess, isLoopbackHost } from '../../../electron/engine/openai/apiAccess.ts';
import type { OpenAiError } from '../../../electron/engine/openai/openAiError.ts';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
const statusOf = (run: () => void): number | null => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as OpenAiError).status;
  }
};

describe('API access rules', () => {
  it('refuses to bind beyond loopback without a key', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(() => assertBindAllowed('0.0.0.0', null)).toThrow(/API key/);
    expect(() => assertBindAllowed('192.168.1.5', '')).toThrow(/API key/);
    expect(() => assertBindAllowed('0.0.0.0', 'sk-some-key')).not.toThrow();
    expect(() => assertBindAllowed('127.0.0.1', null)).not.toThrow();
  });

  it('with a key, only the matching Bearer header passes (any host, any origin)', () => {
    expect(statusOf(() => checkApiAccess(request({ host: '10.0.0.2:5318', authorization: 'Bearer sk-secret' }), 'sk-secret'))).toBeNull();
    expect(statusOf(() => checkApiAccess(request({ host: '10.0.0.2:5318', authorization: 'Bearer sk-other' }), 'sk-secret'))).toBe(401);
    expect(statusOf(() => checkApiAccess(request({ host: '127.0.0.1:5318' }), 'sk-secret'))).toBe(401);
    expect(statusOf(() => checkApiAccess(request({ host: '127.0.0.1:5318', authorization: 'Basic sk-secret' }), 'sk-secret'))).toBe(401);
  });

  it('without a key, blocks foreign Host headers (DNS rebinding) and foreign browser origins', () => {
    expect(statusOf(() => checkApiAccess(request({ host: '127.0.0.1:5318' }), null))).toBeNull();
    expect(statusOf(() => checkApiAccess(request({ host: 'localhost:5318', origin: 'http://localhost:5318' }), null))).toBeNull();
    expect(statusOf(() => checkApiAccess(request({ host: 'evil.example:5318' }), null))).toBe(403);
    expect(statusOf(() => checkApiAccess(request({ host: '127.0.0.1:5318', origin: 'http://evil.example' }), null))).toBe(403);
  });
});
