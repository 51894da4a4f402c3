import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveClusterMetrics } from './cluster-metrics.ts';
import { createMetrics, processMetrics } from './metrics.ts';

const deploy = fileURLToPath(new URL('../../deploy/', import.meta.url));
const read = (name: string) => readFileSync(join(deploy, name), 'utf8');

/** Series Prometheus itself adds to every target. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds'];
/** Labels Prometheus adds (instance, job), histogram buckets (le), cluster workers (worker). */
const PROMETHEUS_LABELS = ['instance', 'job', 'le', 'worker'];
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

const series = new Set<string>(PROMETHEUS_SERIES);
const labels = new Set<string>(PROMETHEUS_LABELS);

/** Every series name and label name this app can export, read from its own registries. */
async function learn(registry: Registry) {
  for (const { name, type } of await registry.getMetricsAsJSON()) {
    series.add(name);
    if (String(type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) series.add(name + s);
    if (String(type) === 'summary') for (const s of ['_sum', '_count']) series.add(name + s);
  }
  for (const metric of registry.getMetricsAsArray())
    for (const l of (metric as unknown as { labelNames?: string[] }).labelNames ?? [])
      labels.add(l);
}

beforeAll(async () => {
  await learn(createMetrics({}).registry);
  serveClusterMetrics({ onError: () => {} });
  await learn(processMetrics());
});

/** The series and label names a PromQL expression uses (a reader's approximation). */
function promqlNames(expr: string): { series: string[]; labels: string[] } {
  const used = { series: [] as string[], labels: [] as string[] };
  let e = expr
    .replace(/\$__rate_interval|\$__interval|\$\{?\w+\}?/g, '5m')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  e = e.replace(/\{([^}]*)\}/g, (_, inner: string) => {
    for (const m of inner.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) used.labels.push(m[1]!);
    return ' ';
  });
  e = e.replace(/\[[^\]]*\]/g, ' ');
  e = e.replace(
    /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
    (_, inner: string) => {
      used.labels.push(
        ...inner
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      return ' ';
    },
  );
  for (const m of e.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const before = e[m.index - 1];
    if (before && /[\d.]/.test(before)) continue; // 1e9
    if (
      e
        .slice(m.index + m[0].length)
        .trimStart()
        .startsWith('(')
    )
      continue; // a function
    if (KEYWORDS.has(m[0].toLowerCase())) continue;
    used.series.push(m[0]);
  }
  return used;
}

function expectKnown(expr: string, where: string) {
  const used = promqlNames(expr);
  expect(used.series.length, `${where}: no series in ${expr}`).toBeGreaterThan(0);
  for (const s of used.series) expect(series, `${where}: ${s} is not exported`).toContain(s);
  for (const l of used.labels) expect(labels, `${where}: label ${l} is not exported`).toContain(l);
}

describe('the reader of expressions', () => {
  it('finds series and labels, not functions, keywords, strings or numbers', () => {
    expect(
      promqlNames(
        'histogram_quantile(0.99, sum by (instance, le) (rate(a_bucket{route=~"/x.*"}[5m]))) > 1e3 and on (job) b unless c offset 5m',
      ),
    ).toEqual({ series: ['a_bucket', 'b', 'c'], labels: ['route', 'instance', 'le', 'job'] });
  });
});

describe('deploy/prometheus-alerts.yml', () => {
  const file = load(read('prometheus-alerts.yml')) as {
    groups: { name: string; rules: Record<string, unknown>[] }[];
  };

  it('is a rule file of alerts that name only what the app exports', () => {
    const rules = file.groups.flatMap((g) => g.rules);
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const wanted of [
      'DoithoaiInstanceDown',
      'DoithoaiNotReady',
      'DoithoaiHttp5xxRatio',
      'DoithoaiEventLagHigh',
      'DoithoaiDbPoolSaturated',
      'DoithoaiJanusDown',
      'DoithoaiOutboxFailing',
      'DoithoaiMemoryGrowing',
    ])
      expect(names).toContain(wanted);
    for (const rule of rules) {
      expect(Object.keys(rule).sort()).toEqual(
        expect.arrayContaining(['alert', 'annotations', 'expr', 'labels']),
      );
      for (const key of Object.keys(rule))
        expect(['alert', 'expr', 'for', 'labels', 'annotations']).toContain(key);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['page', 'ticket']).toContain((rule.labels as { severity: string }).severity);
      const notes = rule.annotations as { summary?: string; description?: string };
      expect(notes.summary && notes.description, String(rule.alert)).toBeTruthy();
      expectKnown(String(rule.expr), String(rule.alert));
    }
  });

  it.skipIf(!spawnSync('promtool', ['--version']).stdout)(
    'passes promtool’s checks (rules, and the example scrape configuration)',
    () => {
      execFileSync('promtool', ['check', 'rules', join(deploy, 'prometheus-alerts.yml')]);
      execFileSync('promtool', ['test', 'rules', join(deploy, 'prometheus-alerts.test.yml')]);
      // The example configuration, with its token file made to exist.
      const dir = mkdtempSync(join(tmpdir(), 'doithoai-prom-'));
      try {
        writeFileSync(join(dir, 'token'), 'x'.repeat(64));
        writeFileSync(join(dir, 'prometheus-alerts.yml'), read('prometheus-alerts.yml'));
        writeFileSync(
          join(dir, 'prometheus.yml'),
          read('prometheus.yml').replace(
            '/etc/prometheus/doithoai-metrics-token',
            join(dir, 'token'),
          ),
        );
        execFileSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('deploy/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(read('grafana-dashboard.json')) as {
    uid: string;
    title: string;
    schemaVersion: number;
    templating: { list: { name: string; type: string; query?: unknown }[] };
    panels: {
      id: number;
      type: string;
      title: string;
      gridPos: { x: number; y: number; w: number; h: number };
      datasource?: { uid: string };
      targets?: { expr: string; refId: string }[];
    }[];
  };

  it('is an importable dashboard whose every query names what the app exports', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(30);
    const variables = dashboard.templating.list.map((v) => v.name);
    expect(variables).toEqual(expect.arrayContaining(['datasource', 'instance']));
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    for (const panel of graphs) {
      const { x, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      expect(h).toBeGreaterThan(0);
      expect(panel.datasource?.uid).toBe('${datasource}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets!) expectKnown(t.expr, panel.title);
    }
    // What an operator looks at on the day.
    const exprs = graphs.flatMap((p) => p.targets!.map((t) => t.expr)).join('\n');
    for (const s of [
      'doithoai_http_request_duration_seconds_bucket',
      'doithoai_live_screens',
      'doithoai_live_commands_refused_total',
      'doithoai_live_event_lag_seconds_bucket',
      'doithoai_db_pool_waiting',
      'doithoai_page_cache_requests_total',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
      'doithoai_janus_up',
      'doithoai_email_outbox_backlog',
    ])
      expect(exprs).toContain(s);
    const instances = dashboard.templating.list.find((v) => v.name === 'instance')!;
    expectKnown(
      JSON.stringify(instances.query).replace(/^.*label_values\((\w+).*$/, '$1'),
      'instance',
    );
  });
});
