const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from another site. Browsers send `Origin`
 * (and `Sec-Fetch-Site`) on such requests; failing both, a `Referer` of another site
 * refuses it too. Clients without any of them (curl, scripts) are not browsers
 * carrying someone's cookie, and pass.
 */
export function isCrossOriginWrite(req: {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  ownOrigins: readonly string[];
}): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    return !req.ownOrigins.includes(origin.toLowerCase());
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site !== 'same-origin' && site !== 'none';
  const referer = req.headers.referer;
  if (typeof referer === 'string' && referer !== '') {
    try {
      return !req.ownOrigins.includes(new URL(referer).origin.toLowerCase());
    } catch {
      return true;
    }
  }
  return false;
}
