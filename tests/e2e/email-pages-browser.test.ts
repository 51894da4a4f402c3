import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Browser, Locator } from 'playwright-core';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceSites } from '../../db/schema/conferences.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import * as members from '../../domain/conferences/members.ts';
import { launchBrowser, signInPage, watchErrors } from '../support/browser.ts';
import { buildConference, buildSite } from '../support/builders.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The organiser's "Gửi qua e-mail" on the sites page and the administrators' "Thư đi",
// with e-mail off (messages held, said plainly) and on (a server that refuses at first:
// the page refreshes itself until every address is sent).
let browser: Browser;
let build: ServerBuild;
const clientDir = fileURLToPath(new URL('../../build/client', import.meta.url));

beforeAll(async () => {
  build = await loadServerBuild();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function conferenceWithSites(app: TestApp) {
  const admin = await app.createUser({ roles: ['admin'] });
  const db = app.database.db;
  const actor: Actor = {
    id: admin.id,
    name: 'Quản trị',
    email: admin.email,
    language: 'vi',
    roles: ['admin'],
  };
  const conf = await buildConference(db, actor);
  for (const [name, techEmail] of [
    ['Điểm cầu Cao Bằng', 'kt.caobang@doithoai.example'],
    ['Điểm cầu Bắc Kạn', 'kt.backan@doithoai.example'],
    ['Điểm cầu Lạng Sơn', null],
  ] as const) {
    const site = await buildSite(db, actor, conf.id, name);
    await db.update(conferenceSites).set({ techEmail }).where(eq(conferenceSites.id, site.id));
  }
  await members.createMissingOperators({ db, actor, conferenceId: conf.id });
  return { admin, conferenceId: conf.id };
}

async function sendLinks(
  app: TestApp,
  admin: { email: string; password: string },
  conferenceId: string,
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, app.url, admin.email, admin.password);
  await page.goto(`${app.url}/quan-ly/hoi-nghi/${conferenceId}/diem-cau`);
  const section = page.locator('#gui-email');
  await section.getByRole('heading', { name: 'Gửi liên kết đăng nhập qua e-mail' }).waitFor();
  return { context, page, errors, section };
}

const resultOf = (section: Locator, site: string) =>
  section.getByRole('row', { name: new RegExp(site) }).locator('[data-result]');

describe('e-mail pages', () => {
  it('e-mail off: the page says so, messages are held, and Thư đi shows them with their body', async () => {
    const app = await startTestApp({ build, clientDir });
    try {
      const { admin, conferenceId } = await conferenceWithSites(app);
      const { context, page, errors, section } = await sendLinks(app, admin, conferenceId);
      await section.getByText(/E-mail đang tắt/).waitFor();
      // Only two of the three sites.
      await section.getByLabel('Điểm cầu Lạng Sơn').uncheck();
      await section.getByRole('button', { name: 'Gửi qua e-mail' }).click();
      await section.getByText('Đã xử lý xong.').waitFor();
      expect(await resultOf(section, 'Điểm cầu Cao Bằng').getAttribute('data-result')).toBe('held');
      expect(await resultOf(section, 'Điểm cầu Bắc Kạn').getAttribute('data-result')).toBe('held');
      expect(await section.getByRole('row', { name: /Lạng Sơn/ }).count()).toBe(0);

      await page.getByRole('link', { name: 'Thư đi' }).first().click();
      await page.getByRole('heading', { name: 'Thư đi', level: 1 }).waitFor();
      await page.getByText(/E-mail đang tắt/).waitFor();
      await page
        .getByRole('link', { name: /Liên kết đăng nhập điểm cầu Điểm cầu Cao Bằng/ })
        .click();
      const body = page.locator('#thu pre').first();
      await expect.poll(() => body.textContent()).toContain(`${app.url}/dang-nhap/lien-ket/`);
      expect(await page.locator('#thu').textContent()).toContain('kt.caobang@doithoai.example');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await app.close();
    }
  });

  it('e-mail on: a refusing server, then every address sent; the page updates itself', async () => {
    const smtp = await startSmtpServer();
    const app = await startTestApp({
      build,
      clientDir,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Cổng Đối thoại <no-reply@doithoai.example>' },
      emailTimings: { backoffMs: 1500, pollMs: 200 },
    });
    try {
      const { admin, conferenceId } = await conferenceWithSites(app);
      const { context, errors, section } = await sendLinks(app, admin, conferenceId);
      expect(await section.getByText(/E-mail đang tắt/).count()).toBe(0);
      smtp.refuse(2);
      await section.getByRole('button', { name: 'Gửi qua e-mail' }).click();
      await section.getByText('Đang gửi… trang tự cập nhật.').waitFor();
      // No reload: the page refreshes itself until nothing is pending.
      await section.getByText('Đã xử lý xong.').waitFor({ timeout: 30_000 });
      expect(await resultOf(section, 'Điểm cầu Cao Bằng').getAttribute('data-result')).toBe('sent');
      expect(await resultOf(section, 'Điểm cầu Bắc Kạn').getAttribute('data-result')).toBe('sent');
      expect(await resultOf(section, 'Điểm cầu Lạng Sơn').getAttribute('data-result')).toBe(
        'no_address',
      );
      await section.getByText('Đã gửi 2/3').waitFor();
      expect(smtp.refused).toBe(2);
      expect(smtp.received.map((m) => m.to).sort()).toEqual([
        'kt.backan@doithoai.example',
        'kt.caobang@doithoai.example',
      ]);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await app.close();
      await smtp.close();
    }
  });
});
