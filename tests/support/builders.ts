import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createConference } from '../../domain/conferences/conferences.ts';
import { addSite } from '../../domain/conferences/sites.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import type { Database } from '../../db/database.ts';

let seq = 0;

/** A small but real PDF. */
export function pdfBytes(text = 'Tham luan'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** A minimal Word document (Office Open XML). */
export async function docxBytes(text = 'Tham luận'): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A PNG header: what a "renamed" image looks like to the content check. */
export function pngBytes(): Buffer {
  return Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
}

/** An XLSX workbook from sheets of rows (first row = headers). */
export async function xlsxBytes(sheets: Record<string, (string | number)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function buildConference(
  db: Database,
  actor: Actor,
  overrides: Partial<Parameters<typeof createConference>[0]['input']> = {},
) {
  return createConference({
    db,
    actor,
    input: {
      title: `Hội nghị thử nghiệm số ${++seq}`,
      theme: 'Chuyển đổi số từ cơ sở',
      description: '',
      organiser: 'Ban Tổ chức',
      startsAt: new Date('2026-12-18T01:00:00Z'),
      endsAt: new Date('2026-12-18T04:30:00Z'),
      visibility: 'public',
      recording: false,
      keepRawRecordings: false,
      defaultTurnMinutes: 5,
      siteChairApproval: false,
      themes: ['Chuyển đổi số', 'Tăng trưởng xanh'],
      ...overrides,
    },
  });
}

export function buildSite(
  db: Database,
  actor: Actor,
  conferenceId: string,
  name = `Điểm cầu ${++seq}`,
) {
  return addSite({
    db,
    actor,
    conferenceId,
    input: { name, unitName: `Đơn vị ${seq}`, isHost: false, address: '' },
  });
}

/** The 34 provincial-level units, as people write them in a spreadsheet. */
export const PROVINCES = [
  'Hà Nội',
  'Huế',
  'Hải Phòng',
  'Đà Nẵng',
  'Hồ Chí Minh',
  'Cần Thơ',
  'Lai Châu',
  'Điện Biên',
  'Sơn La',
  'Lạng Sơn',
  'Quảng Ninh',
  'Cao Bằng',
  'Tuyên Quang',
  'Lào Cai',
  'Thái Nguyên',
  'Phú Thọ',
  'Bắc Ninh',
  'Hưng Yên',
  'Ninh Bình',
  'Thanh Hóa',
  'Nghệ An',
  'Hà Tĩnh',
  'Quảng Trị',
  'Quảng Ngãi',
  'Gia Lai',
  'Khánh Hòa',
  'Lâm Đồng',
  'Đắk Lắk',
  'Đồng Nai',
  'Tây Ninh',
  'Vĩnh Long',
  'Đồng Tháp',
  'Cà Mau',
  'An Giang',
];
