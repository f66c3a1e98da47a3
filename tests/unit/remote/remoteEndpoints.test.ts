import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { remoteEndpoints } from '../../../electron/engine/remote/remoteConnection.ts';
import { assertListenAllowed, keyMatches, presentedKey } from '../../../electron/server/accessKey.ts';
import { connectionEndpoints, keyProtocols } from '../../../renderer/src/api/connection.ts';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('engine URLs as people type them', () => {
  const typed = ['gpu-box:5317', 'http://gpu-box:5317', 'http://gpu-box:5317/', 'ws://gpu-box:5317/api/ws', 'http://gpu-box:5317/settings'];
  it.each(typed)('%s → http://gpu-box:5317 and its WebSocket, the same in the engine and the window', (url) => {
    const expected = { httpBase: 'http://gpu-box:5317', wsUrl: 'ws://gpu-box:5317/api/ws' };
    expect(remoteEndpoints(url)).toEqual(expected);
    expect(connectionEndpoints({ url, key: null })).toEqual(expected);
  });
  it('keeps TLS (an https reverse proxy in front of the engine)', () => {
    expect(remoteEndpoints('https://box.example/')).toEqual({ httpBase: 'https://box.example', wsUrl: 'wss://box.example/api/ws' });
  });
  it('refuses another scheme, naming the field', () => {
    expect(() => remoteEndpoints('ftp://box:21')).toThrow(/must start with http:\/\/ or https:\/\//);
  });
});

describe('the access key', () => {
  const key = 'k'.repeat(16) + '-secret';
  it('is read from a Bearer header or a workbench-key subprotocol, which is what the window sends', () => {
    expect(presentedKey(request({ authorization: `Bearer ${key}` }))).toBe(key);
    expect(presentedKey(request({ 'sec-websocket-protocol': keyProtocols(key).join(', ') }))).toBe(key);
    expect(presentedKey(request({}))).toBeNull();
  });
  it('matches only itself: not a prefix, not a longer string, not nothing', () => {
    expect(keyMatches(key, key)).toBe(true);
    for (const other of [key.slice(0, -1), `${key}x`, '', null]) expect(keyMatches(other, key)).toBe(false);
  });
  it('is required beyond loopback, and must be 16+ characters', () => {
    expect(() => assertListenAllowed('127.0.0.1', null)).not.toThrow();
    expect(() => assertListenAllowed('0.0.0.0', null)).toThrow(/without an access key/);
    expect(() => assertListenAllowed('192.168.1.5', 'short')).toThrow(/at least 16 characters/);
    expect(() => assertListenAllowed('192.168.1.5', key)).not.toThrow();
  });
});
