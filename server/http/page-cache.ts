import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { isbot } from 'isbot';
import { createRequestHandler, type AppLoadContext, type ServerBuild } from 'react-router';
import { SESSION_COOKIE } from '../../app/cookies.ts';

/**
 * A page to be shared by many readers: its `nonce` attributes removed and the hash of
 * each inline script listed instead, so no reader learns a nonce another one will use.
 */
export function withoutNonces(html: string): { html: string; scriptHashes: string[] } {
  const scriptHashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\ssrc=/.test(m[1]!)) continue;
    const hash = `'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`;
    if (!scriptHashes.includes(hash)) scriptHashes.push(hash);
  }
  return { html: html.replace(/\snonce="[^"]*"/g, ''), scriptHashes };
}

/** Pages every anonymous reader sees alike: the portal's reading pages. */
const CACHEABLE = [
  /^\/$/,
  /^\/tin-tuc\/[\w-]+$/,
  /^\/chuyen-muc\/[\w-]+$/,
  /^\/the\/[\w-]+$/,
  /^\/hoi-nghi\/[\w-]+$/,
];
const MAX_ENTRIES = 2000;

interface Entry {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** `'sha256-…'` of each inline script: a cached page carries no nonce. */
  scriptHashes: string[];
  articleId: string | null;
  expires: number;
  /** Every header of the first answer (security headers included), for the fast path. */
  replay?: Record<string, string | number | string[]>;
}

/**
 * Serves anonymous readers a page rendered at most a few seconds ago instead of a
 * fresh React render per request. Signed-in users, other paths, query strings and
 * anything but a plain 200 HTML page go to React Router as usual. An article view
 * still counts on every hit (the counter only adds in memory).
 */
export function createPageCache(deps: {
  build: ServerBuild;
  loadContext: (req: Request, res: Response) => AppLoadContext;
  views: { record(articleId: string): void };
  /** How long a rendered page is reused (PAGE_CACHE_MS): view counts and scheduled articles lag at most this; 0 turns the cache off. */
  ttlMs: number;
}) {
  const handle = createRequestHandler(deps.build, 'production');
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry | null>>();

  async function render(req: Request, res: Response): Promise<Entry | null> {
    let articleId: string | null = null;
    const context = deps.loadContext(req, res);
    // Remember which article the page counted, so that hits count it too.
    context.views = { record: (id) => void (articleId = id) };
    // Rendered for the site's own address: no request header chooses what is stored.
    const url = `${context.publicUrl}${req.originalUrl}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    // Rendered as for a person, so the article's id is known; who is counted is decided per request.
    headers.set('user-agent', 'Mozilla/5.0 (page cache)');
    const response = await handle(new Request(url, { headers }), context);
    const type = response.headers.get('content-type') ?? '';
    if (
      response.status !== 200 ||
      !type.startsWith('text/html') ||
      response.headers.has('set-cookie')
    ) {
      return null;
    }
    const page = withoutNonces(await response.text());
    return {
      status: response.status,
      headers: [...response.headers.entries()],
      body: Buffer.from(page.html),
      scriptHashes: page.scriptHashes,
      articleId,
      expires: Date.now() + deps.ttlMs,
    };
  }

  function send(res: Response, entry: Entry, hit: boolean) {
    const csp = res.getHeader('Content-Security-Policy');
    // Shared by every reader, so no nonce: the page's own inline scripts, by hash.
    if (typeof csp === 'string')
      res.setHeader(
        'Content-Security-Policy',
        csp.replace(/'nonce-[^']+'/, entry.scriptHashes.join(' ') || "'none'"),
      );
    for (const [k, v] of entry.headers) res.setHeader(k, v);
    res.setHeader('X-Page-Cache', hit ? 'hit' : 'miss');
    if (!entry.replay) {
      const replay = { ...res.getHeaders() } as Record<string, string | number | string[]>;
      delete replay['x-request-id'];
      delete replay['set-cookie'];
      replay['x-page-cache'] = 'hit';
      entry.replay = replay;
    }
    res.status(entry.status).end(entry.body);
  }

  /**
   * The fast path, before Express: a fresh page for an anonymous reader is written
   * straight to the socket with the headers it was first sent with. Returns false
   * when the request is not for it (Express then handles it as usual).
   */
  function serveRaw(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    if (url.includes('?')) return false;
    const cookie = req.headers.cookie ?? '';
    if (cookie.includes(`${SESSION_COOKIE}=`)) return false;
    const lang = /(?:^|;\s*)dt_lang=en(?:;|$)/.test(cookie) ? 'en' : 'vi';
    const entry = entries.get(`${lang}|${url}`);
    if (!entry?.replay || entry.expires <= Date.now()) return false;
    const agent = req.headers['user-agent'] ?? '';
    if (entry.articleId && agent && !isbot(agent)) deps.views.record(entry.articleId);
    res.writeHead(entry.status, { ...entry.replay, 'x-request-id': randomUUID() });
    res.end(req.method === 'HEAD' ? undefined : entry.body);
    return true;
  }

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    if (deps.ttlMs === 0) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.headers.cookie?.includes(`${SESSION_COOKIE}=`) || req.url.includes('?')) return next();
    if (!CACHEABLE.some((re) => re.test(req.path))) return next();
    const key = `${res.locals.lang}|${req.path}`;
    const agent = req.headers['user-agent'] ?? '';
    const person = !!agent && !isbot(agent);
    try {
      let entry = entries.get(key);
      const hit = !!entry && entry.expires > Date.now();
      if (!hit) {
        // One render per page at a time; concurrent readers wait for it.
        let pending = rendering.get(key);
        if (!pending) {
          pending = render(req, res).finally(() => rendering.delete(key));
          rendering.set(key, pending);
        }
        const fresh = await pending;
        if (!fresh) return next();
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(key, fresh);
        entry = fresh;
      }
      if (entry!.articleId && person) deps.views.record(entry!.articleId);
      send(res, entry!, hit);
    } catch (err) {
      next(err);
    }
  };
  return {
    middleware,
    serveRaw,
    /** Forgets every page, so the next reader gets a fresh render (tests, after an edit). */
    clear() {
      entries.clear();
    },
  };
}
