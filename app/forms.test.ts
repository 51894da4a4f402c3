import { describe, expect, it } from 'vitest';
import { safeRedirect } from './forms.ts';

describe('safeRedirect', () => {
  it('keeps same-site paths', () => {
    expect(safeRedirect('/quan-tri/nguoi-dung?page=2')).toBe('/quan-tri/nguoi-dung?page=2');
  });
  it.each([
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '',
    null,
  ])('refuses %s', (to) => {
    expect(safeRedirect(to)).toBe('/');
  });
});
