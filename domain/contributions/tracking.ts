import { createHmac } from 'node:crypto';

export function trackingToken(secret: string, conferenceId: string, key: string): string {
  return createHmac('sha256', secret).update(`track:${conferenceId}:${key}`).digest('base64url');
}

export function trackingIdFor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`tracking-id:${token}`).digest('base64url');
}
