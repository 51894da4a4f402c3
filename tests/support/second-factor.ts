import { generate } from 'otplib';
import { sendJson, type TestApp } from './test-app.ts';

/** A code of the secret's current step, or `steps` steps away (+1: the next one). */
export function totpCode(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** `name=value` of a Set-Cookie in a response, or undefined. */
export function cookieOf(res: Response, name: string): string | undefined {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
}

/** Enrols the signed-in user through the API; returns the secret and the recovery codes. */
export async function enrolThroughApi(app: TestApp, cookie: string) {
  const start = await sendJson(
    `${app.url}/api/v1/auth/second-factor/enrolment`,
    'POST',
    {},
    { cookie },
  );
  if (start.status !== 201) throw new Error(`enrolment: ${start.status} ${await start.text()}`);
  const { secret } = (await start.json()) as { secret: string };
  const confirm = await sendJson(
    `${app.url}/api/v1/auth/second-factor/enrolment/confirm`,
    'POST',
    { code: await totpCode(secret) },
    { cookie },
  );
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${await confirm.text()}`);
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/** The password step: the challenge cookie to send with the code. */
export async function passwordStep(app: TestApp, email: string, password: string) {
  const res = await sendJson(`${app.url}/api/v1/auth/login`, 'POST', { email, password });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { secondFactorRequired: boolean };
  return { body, challenge: cookieOf(res, 'dt_2fa'), session: cookieOf(res, 'dt_session') };
}

export function secondStep(app: TestApp, challenge: string | undefined, body: object) {
  return sendJson(
    `${app.url}/api/v1/auth/login/second-factor`,
    'POST',
    body,
    challenge ? { cookie: challenge } : {},
  );
}
