import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../domain/auth/sign-in.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// Its own file: it uses up the failure budget of the loopback address.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('sign-in throttling per address', () => {
  it(`refuses an address with 429 after ${THROTTLE.addressLimit} failures, whatever the account`, async () => {
    const user = await app.createUser();
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.addressLimit; i++) {
      const res = await sendJson(`${app.url}/api/v1/auth/login`, 'POST', {
        email: `khong-co-${i}@doithoai.example`,
        password: 'doan-bua-mat-khau',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const res = await sendJson(`${app.url}/api/v1/auth/login`, 'POST', {
      email: user.email,
      password: user.password,
    });
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('rate_limited');
  });
});
