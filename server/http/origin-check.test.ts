import { describe, expect, it } from 'vitest';
import { isCrossOriginWrite } from './origin-check.ts';

const own = ['http://127.0.0.1:3000'];
const check = (method: string, headers: Record<string, string>) =>
  isCrossOriginWrite({ method, headers, ownOrigins: own });

describe('isCrossOriginWrite', () => {
  it('lets reads through from anywhere', () => {
    expect(check('GET', { origin: 'https://evil.example' })).toBe(false);
  });
  it('refuses writes from another origin', () => {
    expect(check('POST', { origin: 'https://evil.example' })).toBe(true);
    expect(check('POST', { origin: 'null' })).toBe(true);
    expect(check('PATCH', { origin: 'http://127.0.0.1:3001' })).toBe(true);
  });
  it('accepts writes from its own origin', () => {
    expect(check('POST', { origin: 'http://127.0.0.1:3000' })).toBe(false);
  });
  it('falls back to Sec-Fetch-Site when Origin is absent', () => {
    expect(check('POST', { 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(check('POST', { 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(check('POST', { 'sec-fetch-site': 'same-origin' })).toBe(false);
  });
  it('falls back to Referer when neither is sent', () => {
    expect(check('PATCH', { referer: 'https://evil.example/trang' })).toBe(true);
    expect(check('PATCH', { referer: 'not a url' })).toBe(true);
    expect(check('PATCH', { referer: 'http://127.0.0.1:3000/tai-khoan' })).toBe(false);
  });
  it('lets non-browser clients through', () => {
    expect(check('POST', {})).toBe(false);
  });
});
