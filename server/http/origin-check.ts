const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from another site. Browsers send `Origin`
 * (and `Sec-Fetch-Site`) on such requests; clients without either (curl, scripts) are
 * not browsers carrying someone's cookie, and pass.
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
  return typeof site === 'string' && site !== 'same-origin' && site !== 'none';
}
