import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching out of the machine. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Signs in through the sign-in page as a person does; resolves once signed in. */
export async function signInPage(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel('Địa chỉ e-mail').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/**
 * Collects console errors and uncaught exceptions (CSP violations show up here too),
 * server errors, and missing sub-resources. A 4xx answer to a page or a form is the
 * app speaking, not an error; Chromium's console line for it is left out.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      errors.push(msg.text());
    }
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('response', (res) => {
    const kind = res.request().resourceType();
    if (res.status() >= 500 || (res.status() === 404 && kind !== 'document' && kind !== 'fetch')) {
      errors.push(`${res.status()} ${res.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // ERR_ABORTED: cancelled because the page moved on, not a failure.
    const reason = req.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`failed: ${req.url()} ${reason}`);
  });
  return errors;
}
