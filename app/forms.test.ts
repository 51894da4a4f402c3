import { describe, expect, it } from 'vitest';
import { safeRedirect } from './forms.ts';

describe('safeRedirect', () => {
  it('keeps same-site paths', () => {
    expect(safeRedirect('/quan-tri/nguoi-dung?page=2')).toBe('/quan-tri/nguoi-dung?page=2');
  });
  it.each([
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ /evil.example',
    '/%09/evil.example'.replace('%09', '\t'),
    '/.//evil.example',
    '/x'.repeat(1500),
    'https://evil.example',
    'javascript:alert(1)',
    '',
    null,
  ])('refuses %s', (to) => {
    expect(safeRedirect(to)).toBe('/');
  });
});
