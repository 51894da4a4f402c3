// The record's files for the large conference (40 sites, 300 turns, 2,000
// contributions): wall time of each writer, the first run (cold: fonts, modules' caches)
// and the median of the next runs. The reference, in the same run: LibreOffice turning
// our report (DOCX) into a PDF — the other way an office gets a PDF of such a document,
// and what a server would run if it made PDFs from office files.
//
//   node --import tsx bench/record-documents.ts [--runs 5] [--out /tmp/record] [--dry]
//
// With --out, the files are written there. Results go to docs/performance.md (section
// "Record documents") unless --dry.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { recordCharts } from '../domain/reports/charts.ts';
import { loadFonts } from '../domain/reports/fonts.ts';
import { minutesDocx, reportDocx } from '../domain/reports/record-docx.ts';
import { recordPdf } from '../domain/reports/record-pdf.ts';
import { recordCsv, recordWorkbook } from '../domain/reports/record-sheets.ts';
import { sampleRecord } from '../tests/support/record-fixture.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string' },
    dry: { type: 'boolean', default: false },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(values.runs);
const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
const fonts = await loadFonts();
const load = loadavg()[0]!.toFixed(1);

interface Row {
  name: string;
  first: number;
  median: number;
  bytes: number;
}

async function time(name: string, file: string, write: () => Promise<Buffer> | Buffer) {
  const times: number[] = [];
  let last: Buffer | undefined;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    last = await write();
    times.push(performance.now() - start);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const row = {
    name,
    first: times[0]!,
    median: rest[Math.floor(rest.length / 2)] ?? NaN,
    bytes: last!.length,
  };
  console.log(
    `${name}: first ${row.first.toFixed(0)} ms, median ${row.median.toFixed(0)} ms, ${(row.bytes / 1024).toFixed(0)} KiB`,
  );
  if (values.out) writeFileSync(join(values.out, file), last!);
  return { row, data: last! };
}

const rows: Row[] = [];
let report: Buffer | undefined;
rows.push(
  (
    await time('charts (7 SVG)', 'charts.json', () =>
      Buffer.from(JSON.stringify(recordCharts(record))),
    )
  ).row,
);
const charts = recordCharts(record);
rows.push(
  (
    await time('PDF (pdfmake, A4, charts)', 'ket-qua.pdf', () =>
      recordPdf({ record, charts, fonts }),
    )
  ).row,
);
rows.push(
  (await time('minutes DOCX (docx)', 'bien-ban.docx', () => minutesDocx({ record, fonts }))).row,
);
{
  const r = await time('report DOCX (docx, charts as PNG)', 'bao-cao.docx', () =>
    reportDocx({ record, charts, fonts }),
  );
  rows.push(r.row);
  report = r.data;
}
rows.push(
  (await time('XLSX (exceljs, 7 sheets)', 'so-lieu.xlsx', () => recordWorkbook(record))).row,
);
rows.push((await time('CSV (turns)', 'turns.csv', () => recordCsv(record, 'turns'))).row);

// The reference: LibreOffice, headless, converting the report to PDF (one process per
// conversion, as a server calling it would).
let reference = 'LibreOffice (`soffice`) is not installed: no reference in this run.';
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
if (soffice.status === 0 && report) {
  const dir = mkdtempSync(join(tmpdir(), 'record-bench-'));
  writeFileSync(join(dir, 'bao-cao.docx'), report);
  const times: number[] = [];
  for (let i = 0; i < Math.min(3, runs); i++) {
    const start = performance.now();
    const out = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'bao-cao.docx'),
      ],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) throw new Error(`soffice failed: ${out.stderr}`);
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const bytes = readFileSync(join(dir, 'bao-cao.pdf')).length;
  console.log(
    `reference: soffice DOCX → PDF, first ${times[0]!.toFixed(0)} ms, median ${median.toFixed(0)} ms`,
  );
  rows.push({
    name: `reference: ${soffice.stdout.trim().split(' ').slice(0, 2).join(' ')} converting the report DOCX to PDF`,
    first: times[0]!,
    median,
    bytes,
  });
  reference = `The reference row is LibreOffice (${soffice.stdout.trim().split(' ').slice(0, 2).join(' ')}) turning our report into a PDF, one process per conversion: making our PDF directly takes ${(rows[1]!.median / median).toFixed(2)}× its time.`;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const section = [
  '## Record documents',
  '',
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.versions.node}, load average ${load} at the start. Reproduce: \`node --import tsx bench/record-documents.ts --runs 5\` (\`--out DIR\` keeps the files, \`--dry\` writes nothing here). The issue's large conference (\`sampleRecord({ sites: 40, turns: 300, contributions: 2000 })\` in \`tests/support/record-fixture.ts\`: 40 sites, 300 turns, 342 adopted contributions listed) with its seven charts; wall time of one call each, the first in the process (modules and fonts cold) and the median of the next ${runs}.`,
  '',
  '| writer | first | median | file |',
  '|---|---|---|---|',
  ...rows.map(
    (r) => `| ${r.name} | ${s(r.first)} | ${s(r.median)} | ${(r.bytes / 1024).toFixed(0)} KiB |`,
  ),
  '',
  `**Reading.** Every file of the large conference is made in under two seconds, on the request's thread (pdfmake and docx are synchronous between their awaits), so a download waits that long and the page shows "Đang tạo tệp…" meanwhile. The DOCX files are mostly the four embedded Tinos files (about 1.1 MiB). ${reference}`,
].join('\n');

if (values.dry) console.log(`\n${section}`);
else {
  const path = join(root, 'docs/performance.md');
  let doc = readFileSync(path, 'utf8');
  const re = /## Record documents[\s\S]*?(?=\n## |$)/;
  doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, doc);
  console.log(`written to ${path}`);
}
