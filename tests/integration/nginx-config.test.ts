import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_NGINX_CONF, testNginxConfig, writeNginxConfig } from '../support/cluster.ts';

// deploy/nginx.conf is what operators install: `nginx -t` accepts it as shipped (only its
// addresses changed, as tests/support/cluster.ts runs it), and it keeps the properties
// the cluster relies on. The fault tests (tests/chaos/) run it for real.
const shipped = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
const prefixes: string[] = [];
afterAll(() => {
  for (const p of prefixes) rmSync(p, { recursive: true, force: true });
});

function check(text: string) {
  const prefix = writeNginxConfig({
    listenPort: 18080,
    upstreams: ['127.0.0.1:13001', '127.0.0.1:13002', '127.0.0.1:13003'],
    shipped: text,
  });
  prefixes.push(prefix);
  return testNginxConfig(prefix);
}

describe('deploy/nginx.conf', () => {
  it('passes nginx -t', () => {
    const result = check(shipped);
    expect(result.output).toMatch(/test is successful/);
    expect(result.ok).toBe(true);
  });

  it('fails nginx -t when broken (the check has teeth)', () => {
    expect(
      check(shipped.replace('proxy_pass http://doithoai;', 'proxy_pass http://nowhere_x;')).ok,
    ).toBe(false);
    expect(check(shipped.replace(/}\s*$/, '')).ok).toBe(false);
  });

  it('spreads screens over every instance, fails over, and keeps /metrics private', () => {
    const directives = shipped.replace(/#.*$/gm, '');
    // WebSockets are not sticky: any instance serves any screen.
    expect(directives).not.toMatch(/\b(ip_hash|hash|sticky)\b/);
    expect(directives).toMatch(/proxy_next_upstream\s+error timeout/);
    expect(directives).not.toMatch(/non_idempotent/);
    expect(directives).toMatch(/location = \/metrics \{\s*return 404;\s*\}/);
    expect(directives).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  });
});
