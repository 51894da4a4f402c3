import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';

/**
 * The count to show: never lower than this tab showed before for the article. Instances
 * on a database server learn each other's views within seconds, so a reader reloading
 * through another instance could otherwise see the count go back.
 */
function shownBefore(articleId: string, count: number): number {
  try {
    const key = `dt:views:${articleId}`;
    const shown = Math.max(count, Number(sessionStorage.getItem(key)) || 0);
    sessionStorage.setItem(key, String(shown));
    return shown;
  } catch {
    return count; // storage refused (a private window, full)
  }
}

/** Marks the label's number: whoever serves a kept page writes the count of that moment there. */
const NUMBER = '\u2063';

/**
 * An article's view count, and the report of this view: pages are cached whole (by the
 * app, perhaps by a CDN), so serving one counts nothing; the page itself reports each
 * view once it is really shown (not while prerendered), and shows the count that comes
 * back. Without scripts, the <noscript> pixel reports it.
 * See docs/decisions/0011-article-views-by-beacon.md.
 */
export function ViewBeacon({ articleId, viewCount }: { articleId: string; viewCount: number }) {
  const { t } = useTranslation();
  const [count, setCount] = useState(viewCount);
  const number = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    // A kept page is served with the count of the moment written into it (server/http/
    // page-cache.ts), newer than its data: start from that, or what this tab showed before.
    const served = Number(number.current?.textContent);
    setCount((c) => shownBefore(articleId, Math.max(c, Number.isFinite(served) ? served : 0)));
  }, [articleId]);
  useEffect(() => {
    let gone = false;
    const report = () => {
      fetch(`/v/${articleId}`, { method: 'POST', keepalive: true })
        .then((res) => (res.ok ? (res.json() as Promise<{ viewCount: number }>) : null))
        .then((body) => {
          if (!gone && body) setCount(shownBefore(articleId, body.viewCount));
        })
        .catch(() => {});
    };
    const doc = document as Document & { prerendering?: boolean };
    if (doc.prerendering) document.addEventListener('prerenderingchange', report, { once: true });
    else report();
    return () => {
      gone = true;
      document.removeEventListener('prerenderingchange', report);
    };
  }, [articleId]);
  const [before = '', after = ''] = t('news.views', { count: NUMBER }).split(NUMBER);
  return (
    <>
      <span className="views">
        {before}
        {/* The server may have written a newer count here than the page's data holds. */}
        <span className="view-count" data-views={articleId} ref={number} suppressHydrationWarning>
          {count}
        </span>
        {after}
      </span>
      <noscript>
        <img src={`/v/${articleId}.gif`} alt="" width={1} height={1} className="view-pixel" />
      </noscript>
    </>
  );
}
