import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { createRequestHandler, type AppLoadContext, type ServerBuild } from 'react-router';
import { SESSION_COOKIE } from '../../app/cookies.ts';
import { nextVietnamMidnight } from '../../app/i18n/format.ts';
import { routeOf, setRoute } from '../metrics/route-label.ts';

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
  /^\/hoi-nghi\/[\w-]+\/ket-qua$/,
];
/** A conference's page follows its live session (who speaks, the status): kept briefly. */
const SHORT_LIVED = /^\/hoi-nghi\//;
const SHORT_TTL_MS = 3000;
const MAX_ENTRIES = 20_000;
const MAX_BYTES = 256 * 1024 * 1024;
/**
 * Search result pages (`/tim-kiem?q=…[&page=N]`, nothing else in the query): kept apart
 * and fewer, so that a flood of distinct queries cannot push the reading pages out.
 */
const SEARCH = /^\/tim-kiem\?q=[^&#]{1,300}(?:&page=\d{1,4})?$/;
const SEARCH_MAX_ENTRIES = 2000;
const SEARCH_MAX_BYTES = 48 * 1024 * 1024;
/**
 * Edge processes (server/edge.ts) ask with `x-dt-edge`; a page the owner keeps is answered
 * with `x-dt-keep: <generation>;<ms left>;<route>`, which the edge strips and keeps it by.
 */
export const EDGE_HEADER = 'x-dt-edge';
export const KEEP_HEADER = 'x-dt-keep';

/**
 * The kept page a request asks for (`<lang>|<address>`), or null when such a request is
 * never answered from kept pages (not a GET or HEAD, a query string other than a search,
 * a signed-in reader). The owner's fast path and the edges look pages up alike.
 */
export function keptPageKey(req: IncomingMessage): string | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const url = req.url ?? '';
  if (url.includes('?') && !SEARCH.test(url)) return null;
  const cookie = req.headers.cookie ?? '';
  if (cookie.includes(`${SESSION_COOKIE}=`)) return null;
  const lang = /(?:^|;\s*)dt_lang=en(?:;|$)/.test(cookie) ? 'en' : 'vi';
  return `${lang}|${url}`;
}

/** Where an article page shows its view count (ViewBeacon's `data-views` number). */
export interface ViewSlot {
  articleId: string;
  /** The number's first byte and the byte after it, in the page. */
  start: number;
  end: number;
}

const VIEWS_MARK = Buffer.from(' data-views="');

/** The article page's view count in a rendered page, found once when the page is kept. */
export function findViewSlot(body: Buffer): ViewSlot | undefined {
  const mark = body.indexOf(VIEWS_MARK);
  if (mark < 0) return undefined;
  const idAt = mark + VIEWS_MARK.length;
  const articleId = body.toString('latin1', idAt, idAt + 36);
  const start = body.indexOf('>', idAt) + 1;
  let end = start;
  while (end < body.length && body[end]! >= 0x30 && body[end]! <= 0x39) end++;
  if (!/^[0-9a-f-]{36}$/.test(articleId) || start <= 0 || end === start || body[end] !== 0x3c)
    return undefined;
  return { articleId, start, end };
}

/**
 * Writes a kept page straight to the socket with the headers it was first sent with (a
 * flat list whose last value is the request id, set here), plus `extra` headers. An
 * article page shows `viewCount` (the count of this moment, when known) instead of the
 * count it was rendered with: readers without scripts see it, and the others see no
 * older count while the page's beacon is on its way.
 */
export function sendKept(
  req: IncomingMessage,
  res: ServerResponse,
  page: { status: number; replay: string[]; body: Buffer; route?: string; slot?: ViewSlot },
  extra: string[] = [],
  viewCount?: (articleId: string) => number | undefined,
): void {
  if (page.route) setRoute(res, page.route);
  page.replay[page.replay.length - 1] = randomUUID();
  const count = page.slot && viewCount?.(page.slot.articleId);
  if (count === undefined || !page.slot) {
    res.writeHead(page.status, extra.length ? [...page.replay, ...extra] : page.replay);
    res.end(req.method === 'HEAD' ? undefined : page.body);
    return;
  }
  const { start, end } = page.slot;
  const digits = String(count);
  const headers = [...page.replay, ...extra];
  for (let i = 0; i < headers.length; i += 2)
    if (headers[i] === 'content-length')
      headers[i + 1] = String(page.body.length - (end - start) + digits.length);
  res.writeHead(page.status, headers);
  if (req.method === 'HEAD') return void res.end();
  // Three writes of the kept bytes and the number, sent together: a copy of the whole page
  // per reader was 0.51× nginx's hot page down to 0.19× (the garbage collector's).
  res.cork();
  res.write(page.body.subarray(0, start));
  res.write(digits);
  res.end(page.body.subarray(end));
}

/** The channel the database triggers of migration 0013 notify on any portal change. */
export const PORTAL_CHANNEL = 'portal_changed';

interface Entry {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** `'sha256-…'` of each inline script: a cached page carries no nonce. */
  scriptHashes: string[];
  expires: number;
  /**
   * Every header of the first answer (security headers included) as Node's flat
   * `[name, value, …]` list, for the fast path; its last value is the request id, set per
   * request (writeHead copies the list at once).
   */
  replay?: string[];
  /** The page's route pattern, for the metrics of the fast path. */
  route?: string;
  /** An article page's view count, written afresh on each serve (sendKept). */
  slot?: ViewSlot;
}

/**
 * Keeps the portal's rendered pages for anonymous readers until what they show changes.
 * Any committed change to articles, categories, links, photos or conferences makes the
 * database NOTIFY `portal_changed` (triggers of migration 0013), and every instance drops
 * every page at once (`invalidate`); a scheduled article's time coming drops them too.
 * A page is also re-rendered after PAGE_CACHE_MS at most (view counts and "most read"
 * lists), a conference's page after 3 s. Signed-in users, other paths, query strings and
 * anything but a plain 200 HTML page go to React Router as usual. Serving a page counts
 * no view: the page's beacon does (docs/decisions/0011-article-views-by-beacon.md).
 */
export function createPageCache(deps: {
  build: ServerBuild;
  loadContext: (req: Request, res: Response) => AppLoadContext;
  /** The longest a page is reused (PAGE_CACHE_MS); 0 turns the cache off. */
  ttlMs: number;
  /** When the next scheduled article goes live (null: none), asked after each change. */
  nextScheduled?: () => Promise<Date | null>;
  onError?: (err: unknown) => void;
  /** Each cacheable request: served from the cache (true) or rendered (false). */
  onLookup?: (hit: boolean) => void;
  /** Requests come from edge processes (server/edge.ts): tell them which pages to keep. */
  edges?: boolean;
  /** An article's view count now, when known without a query (the view beacon's). */
  viewCount?: (articleId: string) => number | undefined;
}) {
  const handle = createRequestHandler(deps.build, 'production');
  const kept = createKeptPages<Entry>();
  const lookup = (key: string) => kept.get(key);
  const rendering = new Map<string, Promise<Entry | null>>();
  /** Bumped by every change: a render that began before one is served but not kept. */
  let generation = 0;
  let dueTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const invalidated: ((generation: number) => void)[] = [];
  /** What an edge asking for this page may keep it by (see KEEP_HEADER), or null. */
  const keepFor = (req: IncomingMessage, entry: Entry): string | null =>
    deps.edges && req.headers[EDGE_HEADER]
      ? `${generation};${Math.max(0, entry.expires - Date.now())};${entry.route ?? ''}`
      : null;

  function ttlFor(path: string) {
    return SHORT_LIVED.test(path) ? Math.min(SHORT_TTL_MS, deps.ttlMs) : deps.ttlMs;
  }

  async function render(req: Request, res: Response): Promise<Entry | null> {
    // Kept no later than midnight in Vietnam after the render began: the header's date
    // line (and "today" anywhere) turns with the day.
    const started = Date.now();
    const context = deps.loadContext(req, res);
    // Rendered for the site's own address: no request header chooses what is stored.
    const url = `${context.publicUrl}${req.originalUrl}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
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
    const body = Buffer.from(page.html);
    return {
      status: response.status,
      headers: [...response.headers.entries()],
      body,
      slot: findViewSlot(body),
      scriptHashes: page.scriptHashes,
      expires: Math.min(Date.now() + ttlFor(req.path), nextVietnamMidnight(started)),
    };
  }

  const store = (key: string, entry: Entry) => kept.set(key, entry);

  function send(res: Response, entry: Entry, hit: boolean, keep: string | null) {
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
      const replay: string[] = [];
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (['x-request-id', 'set-cookie', 'content-length', 'x-page-cache'].includes(name))
          continue;
        for (const v of Array.isArray(value) ? value : [value]) replay.push(name, String(v));
      }
      // A length instead of chunks, and the request id last (see Entry).
      replay.push('x-page-cache', 'hit', 'content-length', String(entry.body.length));
      replay.push('x-request-id', '');
      entry.replay = replay;
    }
    if (keep) res.setHeader(KEEP_HEADER, keep);
    res.status(entry.status).end(entry.body);
  }

  /**
   * The fast path, before Express: a fresh page for an anonymous reader is written
   * straight to the socket with the headers it was first sent with. Returns false
   * when the request is not for it (Express then handles it as usual).
   */
  function serveRaw(req: IncomingMessage, res: ServerResponse): boolean {
    const key = keptPageKey(req);
    const entry = key === null ? undefined : lookup(key);
    if (!entry?.replay || entry.expires <= Date.now()) return false;
    deps.onLookup?.(true);
    const keep = keepFor(req, entry);
    sendKept(
      req,
      res,
      entry as Entry & { replay: string[] },
      keep ? [KEEP_HEADER, keep] : [],
      deps.viewCount,
    );
    return true;
  }

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    if (deps.ttlMs === 0) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return next();
    const search = SEARCH.test(req.originalUrl);
    if (!search && (req.url.includes('?') || !CACHEABLE.some((re) => re.test(req.path))))
      return next();
    // The address as sent: what the fast path looks up.
    const key = `${res.locals.lang}|${search ? req.originalUrl : req.path}`;
    try {
      let entry = lookup(key);
      const hit = !!entry && entry.expires > Date.now();
      let kept = hit;
      deps.onLookup?.(hit);
      if (!hit) {
        // One render per page at a time; concurrent readers wait for it.
        let pending = rendering.get(key);
        if (!pending) {
          const started = generation;
          pending = render(req, res)
            .then((fresh) => {
              // Kept only if nothing changed while it rendered.
              if (fresh) fresh.route = routeOf(res);
              if (fresh && started === generation) store(key, fresh);
              return fresh;
            })
            .finally(() => rendering.delete(key));
          rendering.set(key, pending);
        }
        const fresh = await pending;
        if (!fresh) return next();
        entry = fresh;
        kept = lookup(key) === fresh;
      }
      send(res, entry!, hit, kept ? keepFor(req, entry!) : null);
    } catch (err) {
      next(err);
    }
  };

  /** Re-arms the timer for the next scheduled article: its time coming changes pages. */
  function watchSchedule() {
    if (!deps.nextScheduled || stopped) return;
    const asked = generation;
    deps.nextScheduled().then(
      (due) => {
        if (stopped || asked !== generation) return;
        clearTimeout(dueTimer);
        if (!due) return;
        // setTimeout holds at most ~24.8 days; ask again then.
        const wait = Math.min(Math.max(0, due.getTime() - Date.now()) + 50, 2 ** 31 - 1);
        dueTimer = setTimeout(invalidate, wait);
        dueTimer.unref();
      },
      (err: unknown) => deps.onError?.(err),
    );
  }

  /** Forgets every page (something the portal shows changed): the next reader gets a fresh render. */
  function invalidate() {
    generation++;
    kept.clear();
    for (const listener of invalidated) listener(generation);
    watchSchedule();
  }

  return {
    middleware,
    serveRaw,
    invalidate,
    /** Same as invalidate (tests). */
    clear: invalidate,
    /** Bumped by every change (what edges keep pages by). */
    get generation() {
      return generation;
    },
    /** Called after every change with the new generation (the edges drop their pages). */
    onInvalidate(listener: (generation: number) => void) {
      invalidated.push(listener);
    },
    start() {
      watchSchedule();
    },
    stop() {
      stopped = true;
      clearTimeout(dueTimer);
    },
    get size() {
      return kept.size;
    },
  };
}

/**
 * Kept pages by key (`keptPageKey`), oldest dropped first beyond MAX_ENTRIES or
 * MAX_BYTES; search result pages apart and fewer (see SEARCH), so that a flood of
 * distinct queries cannot push the reading pages out.
 */
export function createKeptPages<E extends { body: Buffer }>() {
  const pages = {
    map: new Map<string, E>(),
    bytes: 0,
    maxEntries: MAX_ENTRIES,
    maxBytes: MAX_BYTES,
  };
  const searches = {
    map: new Map<string, E>(),
    bytes: 0,
    maxEntries: SEARCH_MAX_ENTRIES,
    maxBytes: SEARCH_MAX_BYTES,
  };
  const bucketOf = (key: string) => (key.includes('|/tim-kiem?') ? searches : pages);
  return {
    get: (key: string) => bucketOf(key).map.get(key),
    set(key: string, entry: E) {
      const bucket = bucketOf(key);
      const old = bucket.map.get(key);
      if (old) {
        bucket.bytes -= old.body.length;
        bucket.map.delete(key);
      }
      while (
        bucket.map.size &&
        (bucket.map.size >= bucket.maxEntries || bucket.bytes + entry.body.length > bucket.maxBytes)
      ) {
        const [oldest, e] = bucket.map.entries().next().value!;
        bucket.bytes -= e.body.length;
        bucket.map.delete(oldest);
      }
      bucket.map.set(key, entry);
      bucket.bytes += entry.body.length;
    },
    clear() {
      for (const bucket of [pages, searches]) {
        bucket.map.clear();
        bucket.bytes = 0;
      }
    },
    get size() {
      return pages.map.size + searches.map.size;
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
