import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { getI18n } from './i18n.ts';
import { useTranslation } from './use-translation.ts';

function Probe({ name }: { name: string }) {
  const { t, i18n } = useTranslation();
  return (
    <p>
      {i18n.language}|{t('site.skipToContent')}|{t('site.signedInAs', { name })}|
      {t('site.skipToContent')}|{t(`site.${name}` as 'site.home')}
    </p>
  );
}

const render = (lang: 'vi' | 'en' | null, name: string) =>
  renderToString(
    lang ? (
      <I18nextProvider i18n={getI18n(lang)}>
        <Probe name={name} />
      </I18nextProvider>
    ) : (
      <Probe name={name} />
    ),
  ).replace(/<!-- -->/g, '');

describe('useTranslation', () => {
  it("gives the provider's language, with interpolation, the same message each time", () => {
    expect(render('vi', 'An')).toBe(
      '<p>vi|Bỏ qua, đến nội dung chính|Đang đăng nhập: An|Bỏ qua, đến nội dung chính|site.An</p>',
    );
    expect(render('en', 'Bình')).toBe(
      '<p>en|Skip to main content|Signed in as Bình|Skip to main content|site.Bình</p>',
    );
    // Vietnamese again after English: one function per language, not one shared.
    expect(render('vi', 'home')).toBe(
      '<p>vi|Bỏ qua, đến nội dung chính|Đang đăng nhập: home|Bỏ qua, đến nội dung chính|Trang chủ</p>',
    );
  });

  it('falls back to Vietnamese outside a provider', () => {
    expect(render(null, 'home')).toContain('vi|Bỏ qua, đến nội dung chính');
  });
});

describe('messages with a count', () => {
  it('are singular in English for one, and the same in Vietnamese', () => {
    const results = (lang: 'vi' | 'en', count: number) =>
      getI18n(lang).t('news.results', { count, q: 'xã' });
    expect(results('en', 1)).toBe('1 result for “xã”');
    expect(results('en', 0)).toBe('0 results for “xã”');
    expect(results('en', 2)).toBe('2 results for “xã”');
    expect(results('vi', 1)).toBe('1 kết quả cho “xã”');
    expect(getI18n('en').t('categoriesAdmin.removeMoves', { count: 1 })).toBe(
      '1 article will move to “No category”.',
    );
  });
});
