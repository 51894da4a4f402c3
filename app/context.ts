import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/auth/policies.ts';
import type { PortalFrameData } from '../domain/news/portal-frame.ts';
import type { SearchLimiter } from '../domain/news/search.ts';
import type { RecordServices } from '../domain/reports/record-services.ts';
import type { Language } from '../protocol/common.ts';
import type { CookieWriter } from './cookies.ts';

/** What the server hands every loader and action (see server/app.ts). */
export interface RequestContext {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
  /** The token of a sign-in waiting for its second factor (cookie `dt_2fa`). */
  challengeToken: string | undefined;
  /** The account's role requires a second factor it has not enrolled: only enrolment is open. */
  mustEnrolSecondFactor: boolean;
  lang: Language;
  nonce: string;
  requestId: string;
  ip: string;
  userAgent: string | undefined;
  secret: string;
  cookies: CookieWriter;
  /** The site's origin (PUBLIC_URL): absolute URLs are built from it, never from the request. */
  publicUrl: string;
  /** E-mail is configured (SMTP_URL); when not, messages are held in the outbox, not sent. */
  emailEnabled: boolean;
  /** The site's 404 page as a response, for resource routes that find nothing. */
  notFound(request: Request): Promise<Response>;
  /** TURN servers handed to screens with their media grant (null: none). */
  turn: { urls: string[]; secret: string } | null;
  /** The media server: not configured, not reachable yet, or ready. */
  mediaStatus: 'off' | 'connecting' | 'ready';
  /** This instance's limit on searches running at once (domain/news/search.ts). */
  searchLimiter: SearchLimiter;
  /** What the conference record's files and news draft need. */
  records: RecordServices;
  /** The public pages' header and footer data, kept until the portal changes. */
  portalFrame(): Promise<PortalFrameData>;
  /** Counts article views (flushed to the database every second). */
  views: { record(articleId: string): void };
}

declare module 'react-router' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
