/** Hostile strings that must reach a reader as text only. */
export const XSS_PAYLOADS = [
  '<script>alert("xss-1")</script>',
  '<img src=x onerror=alert("xss-2")>',
  '<svg onload=alert("xss-3")>',
  '"><script>alert("xss-4")</script>',
  "'><img src=x onerror=alert('xss-5')>",
  '<a href="javascript:alert(\'xss-6\')">bấm vào đây</a>',
  '</script><script>alert("xss-7")</script>',
  '<iframe src="javascript:alert(`xss-8`)"></iframe>',
  '<body onload=alert("xss-9")>',
  '<div style="background:url(javascript:alert(\'xss-10\'))">x</div>',
  '{{constructor.constructor("alert(`xss-11`)")()}}',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-12")>',
  '<details open ontoggle=alert("xss-13")>',
  '\u003cscript\u003ealert("xss-14")\u003c/script\u003e',
];

/** Problems in a page: an executable trace of any payload. */
export function findInjections(html: string): string[] {
  const found: string[] = [];
  const tags = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]);
  for (const tag of tags) {
    // Quoted attribute values are text; only real attributes count.
    const bare = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    if (/\son[a-z]+\s*=/i.test(bare)) found.push(`event handler: ${tag.slice(0, 80)}`);
    if (/(href|src)\s*=\s*["']?\s*javascript:/i.test(tag))
      found.push(`javascript: URL: ${tag.slice(0, 80)}`);
    if (/^<(iframe|svg|math)\b/i.test(tag) || /^<img\b[^>]*\ssrc=x\b/i.test(tag))
      found.push(`injected element: ${tag.slice(0, 80)}`);
  }
  const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  for (const s of scripts)
    if (/alert\(/.test(s) && /xss-\d+/.test(s) && !/^<script\b[^>]*nonce=/i.test(s))
      found.push(`script: ${s.slice(0, 80)}`);
  if ((html.match(/<script\b/gi) ?? []).length !== (html.match(/<\/script>/gi) ?? []).length) {
    found.push('unbalanced <script> tags');
  }
  return found;
}
