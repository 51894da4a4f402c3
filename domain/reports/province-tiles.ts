// The 34 provincial units in force since 1 July 2025 (db/migrations/0003_reference-units.sql)
// as tiles of a grid map, north at the top: [code, short name, column, row]. Columns 0–4
// run west to east; the northern mountains on rows 0–1, Hà Nội in the middle of the delta,
// the central coast stepping south-east, the Mekong delta in the south-west, Cà Mau last.
export const PROVINCE_TILES: readonly (readonly [string, string, number, number])[] = [
  ['lai-chau', 'Lai Châu', 0, 0],
  ['lao-cai', 'Lào Cai', 1, 0],
  ['tuyen-quang', 'Tuyên Quang', 2, 0],
  ['cao-bang', 'Cao Bằng', 3, 0],
  ['dien-bien', 'Điện Biên', 0, 1],
  ['son-la', 'Sơn La', 1, 1],
  ['phu-tho', 'Phú Thọ', 2, 1],
  ['thai-nguyen', 'Thái Nguyên', 3, 1],
  ['lang-son', 'Lạng Sơn', 4, 1],
  ['ha-noi', 'Hà Nội', 2, 2],
  ['bac-ninh', 'Bắc Ninh', 3, 2],
  ['quang-ninh', 'Quảng Ninh', 4, 2],
  ['thanh-hoa', 'Thanh Hóa', 1, 3],
  ['ninh-binh', 'Ninh Bình', 2, 3],
  ['hung-yen', 'Hưng Yên', 3, 3],
  ['hai-phong', 'Hải Phòng', 4, 3],
  ['nghe-an', 'Nghệ An', 1, 4],
  ['ha-tinh', 'Hà Tĩnh', 2, 5],
  ['quang-tri', 'Quảng Trị', 2, 6],
  ['hue', 'Huế', 3, 7],
  ['da-nang', 'Đà Nẵng', 3, 8],
  ['quang-ngai', 'Quảng Ngãi', 4, 9],
  ['gia-lai', 'Gia Lai', 4, 10],
  ['dak-lak', 'Đắk Lắk', 4, 11],
  ['lam-dong', 'Lâm Đồng', 3, 12],
  ['khanh-hoa', 'Khánh Hòa', 4, 12],
  ['tay-ninh', 'Tây Ninh', 1, 13],
  ['dong-nai', 'Đồng Nai', 2, 13],
  ['dong-thap', 'Đồng Tháp', 1, 14],
  ['ho-chi-minh', 'TP. HCM', 2, 14],
  ['an-giang', 'An Giang', 0, 15],
  ['can-tho', 'Cần Thơ', 1, 15],
  ['vinh-long', 'Vĩnh Long', 2, 15],
  ['ca-mau', 'Cà Mau', 1, 16],
];

export const TILE_COLUMNS = 5;
export const TILE_ROWS = 17;
