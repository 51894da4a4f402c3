import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { signInPage, watchErrors } from './browser.ts';
import type { ServerProcess } from './server-process.ts';

/** The demo administrator's session cookie, signed in through the API. */
export async function demoAdminCookie(server: ServerProcess): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.demo),
  });
  return login.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** Calls the API with a session cookie; a GET without a body, a POST (or `method`) with one. */
export function apiAs(server: ServerProcess, cookie: string) {
  return async (path: string, body?: unknown, method = 'POST') => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: body === undefined ? 'GET' : method,
      headers: { 'content-type': 'application/json', cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
    return res.status === 204 ? null : res.json();
  };
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A browser context of its own, signed in through the sign-in page, its errors watched. */
export async function signedInContext(
  browser: Browser,
  server: ServerProcess,
  email: string,
  password: string,
  viewport = { width: 1280, height: 900 },
): Promise<SignedIn> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, server.url, email, password);
  return { context, page, errors };
}
