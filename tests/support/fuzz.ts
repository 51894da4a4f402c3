// Seeded input generation from the OpenAPI document: a valid-looking value for a JSON
// schema, and hostile variations of it. The same seed gives the same cases, so a failure
// reproduces and the number of requests stays fixed.

type Schema = Record<string, unknown>;
export type Random = () => number;

/** mulberry32: small, fast, good enough to pick cases. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
  return h >>> 0;
}

export const pick = <T>(r: Random, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)]!;

export const HOSTILE_STRINGS = [
  '\u0000',
  'Đối\u0000thoại',
  '%00',
  'a\u0007\u001b[31mb',
  '\u202Egnp.exe',
  'Đối thoại'.normalize('NFD'),
  '\ud800',
  "'; drop table users; --",
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '{{column}} ${process.env} %s %n',
  '=HYPERLINK("http://evil.example","x")',
  '   ',
  '',
  '🙂'.repeat(300),
  'x'.repeat(5000),
  'Đ'.repeat(70_000),
];
export const HOSTILE_DATES = [
  '0000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '1969-12-31T23:59:59+07:00',
  '18/12/2026 08:00',
];
export const HOSTILE_NUMBERS = [-1, 0, 0.5, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 'NaN', '1e5'];
export const ANY_VALUES = [null, true, false, 0, '', 'x', {}, [], [null], { a: { b: { c: 1 } } }];

export interface Fuzzer {
  /** A value the schema accepts (as far as the generator can tell). */
  sample(schema: Schema, depth?: number): unknown;
  /** One hostile variation of a valid value, and what was done. */
  mutate(schema: Schema, value: unknown): { name: string; value: unknown };
}

/**
 * `ids` are real ids of the test data: a uuid field gets one of them (often of the
 * wrong kind), so that input reaches the database instead of stopping at 404.
 */
export function fuzzer(doc: Schema, r: Random, ids: readonly string[]): Fuzzer {
  const components = ((doc.components as Schema | undefined)?.schemas ?? {}) as Record<
    string,
    Schema
  >;
  const resolve = (s: Schema): Schema => {
    const ref = s.$ref;
    if (typeof ref === 'string') return resolve(components[ref.split('/').pop()!] ?? {});
    return s;
  };

  function sample(raw: Schema, depth = 0): unknown {
    const s = resolve(raw);
    const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (variants?.length) {
      const useful = variants.filter((v) => resolve(v).type !== 'null');
      return sample(pick(r, useful.length ? useful : variants), depth);
    }
    if (Array.isArray(s.allOf)) return sample((s.allOf as Schema[])[0]!, depth);
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum)) return pick(r, s.enum);
    if (s.default !== undefined && r() < 0.3) return s.default;
    const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
    switch (type) {
      case 'string': {
        if (s.format === 'uuid') return pick(r, ids);
        if (s.format === 'date-time') return '2026-12-18T08:00:00+07:00';
        if (s.format === 'email') return `fuzz${Math.floor(r() * 1e6)}@doithoai.example`;
        if (s.format === 'uri') return 'https://doithoai.example/tin';
        if (s.format === 'binary') return 'tep';
        const min = Number(s.minLength ?? 1);
        const max = Number(s.maxLength ?? 40);
        const base = 'Hội nghị đối thoại trực tuyến toàn quốc ';
        let text = base.repeat(Math.ceil(Math.max(min, 12) / base.length)).trim();
        text = text.slice(0, Math.max(min, Math.min(max, 12 + Math.floor(r() * 20))));
        return text.length >= min ? text : text.padEnd(min, 'a');
      }
      case 'integer':
      case 'number': {
        const min = Number(s.minimum ?? (s.exclusiveMinimum as number | undefined) ?? 0);
        const max = Number(s.maximum ?? min + 10);
        return Math.min(max, min + Math.floor(r() * 5));
      }
      case 'boolean':
        return r() < 0.5;
      case 'array': {
        if (depth > 4) return [];
        const min = Number(s.minItems ?? 0);
        const n = Math.max(min, Math.floor(r() * 3));
        return Array.from({ length: n }, () => sample((s.items as Schema) ?? {}, depth + 1));
      }
      case 'object': {
        if (depth > 4) return {};
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set((s.required ?? []) as string[]);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(props)) {
          if (required.has(k) || r() < 0.6) out[k] = sample(v, depth + 1);
        }
        return out;
      }
      default:
        return 'x';
    }
  }

  /** Paths to every leaf and container of a value, with the schema at each. */
  function places(raw: Schema, value: unknown, path: (string | number)[] = []) {
    const s = resolve(raw);
    const out: { path: (string | number)[]; schema: Schema }[] = [{ path, schema: s }];
    const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    const shape = variants?.map(resolve).find((v) => v.type === 'object' || v.type === 'array');
    const here = shape ?? s;
    if (Array.isArray(value)) {
      value.forEach((v, i) => out.push(...places((here.items as Schema) ?? {}, v, [...path, i])));
    } else if (value && typeof value === 'object') {
      const props = (here.properties ?? {}) as Record<string, Schema>;
      for (const [k, v] of Object.entries(value))
        out.push(...places(props[k] ?? {}, v, [...path, k]));
    }
    return out;
  }

  function hostileFor(s: Schema): unknown {
    const type = Array.isArray(s.type) ? (s.type as string[])[0] : s.type;
    if (s.format === 'uuid')
      return pick(r, [
        '00000000-0000-4000-8000-000000000000',
        '00000000-0000-0000-0000-000000000000',
        'abc',
        `${pick(r, ids)}x`,
        pick(r, ids),
      ]);
    if (s.format === 'date-time') return pick(r, HOSTILE_DATES);
    if (Array.isArray(s.enum)) return pick(r, ['zzz', ...HOSTILE_STRINGS.slice(0, 3)]);
    if (type === 'string') {
      const max = Number(s.maxLength ?? 0);
      return r() < 0.15 && max ? 'â'.repeat(max + 1) : pick(r, HOSTILE_STRINGS);
    }
    if (type === 'integer' || type === 'number') return pick(r, HOSTILE_NUMBERS);
    if (type === 'array') {
      const item = sample((s.items as Schema) ?? {}, 3);
      return pick(r, [[], [null], Array.from({ length: 2000 }, () => item)]);
    }
    return pick(r, ANY_VALUES);
  }

  function mutate(schema: Schema, value: unknown) {
    const all = places(schema, value);
    const target = pick(r, all);
    const replacement = r() < 0.8 ? hostileFor(target.schema) : pick(r, ANY_VALUES);
    const label = `${target.path.join('.') || '(body)'} = ${JSON.stringify(replacement)?.slice(0, 60)}`;
    if (!target.path.length) return { name: label, value: replacement };
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let node = copy;
    for (const key of target.path.slice(0, -1)) node = node[key] as typeof node;
    node[target.path.at(-1)!] = replacement;
    return { name: label, value: copy };
  }

  return { sample, mutate };
}
