import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../domain/auth/sign-in.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// Its own file: it uses up failure budgets of client addresses. Behind one proxy
// (TRUST_PROXY=1), as deployed, so each request can come from its own address.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: '1' } });
});
afterAll(() => app.close());

let n = 0;
const from = (ip: string, email: string, password: string) =>
  sendJson(`${app.url}/api/v1/auth/login`, 'POST', { email, password }, { 'x-forwarded-for': ip });
const freshIp = () => `198.51.100.${++n}`;

describe('sign-in throttling', () => {
  it(`refuses an address with 429 after ${THROTTLE.addressLimit} failures, whatever the account`, async () => {
    const user = await app.createUser();
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.addressLimit; i++) {
      statuses.push((await from(ip, `khong-co-${i}@doithoai.example`, 'doan-bua-mat-khau')).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const res = await from(ip, user.email, user.password);
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('rate_limited');
  });

  it('never locks an account for its owner: strangers failing from many addresses do not keep them out', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    for (let i = 0; i < THROTTLE.accountLimit * 2; i++) {
      expect((await from(freshIp(), admin.email, `doan-mo-${i}`)).status).toBe(401);
    }
    expect((await from(freshIp(), admin.email, admin.password)).status).toBe(200);
  });

  it('refuses one address that keeps guessing one account, and only that address', async () => {
    const user = await app.createUser();
    const guesser = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.accountLimit; i++) {
      statuses.push((await from(guesser, user.email, `doan-${i}`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await from(guesser, user.email, user.password)).status).toBe(429);
    expect((await from(freshIp(), user.email, user.password)).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const user = await app.createUser();
    const statuses: number[] = [];
    for (let i = 1; i <= THROTTLE.accountLimit; i++) {
      statuses.push((await from(`2001:db8:7:7::${i.toString(16)}`, user.email, `sai-${i}`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
