/**
 * Words Vietnamese speakers put in passwords, written as typed without diacritics: common
 * phrases, family and given names, places and words of this product. No Vietnamese word
 * list ships with zxcvbn; this one is the project's own, for the password policy only.
 */
// prettier-ignore
export const VIETNAMESE_PASSWORD_WORDS = [
  'matkhau', 'matkhaumoi', 'anhyeuem', 'emyeuanh', 'yeuem', 'yeuanh', 'anhyeu', 'emyeu',
  'tinhyeu', 'yeuthuong', 'thuongem', 'thuonganh', 'nhoem', 'nhoanh', 'xinchao', 'chaoban',
  'camon', 'bimat', 'baomat', 'khongbiet', 'quenmatkhau', 'vuive', 'hanhphuc', 'giadinh',
  'conyeu', 'meyeu', 'boyeu', 'chucmung', 'namoi', 'chucmungnammoi', 'tet', 'muaxuan',
  'vietnam', 'vietnamvodich', 'toiyeuvietnam', 'dantoc', 'tuquoc', 'hoabinh', 'doclap',
  'doithoai', 'hoinghi', 'hoinghitructuyen', 'diemcau', 'quantri', 'quantrivien', 'admin',
  'bantochuc', 'chutri', 'thuky', 'daibieu', 'bientap', 'tintuc', 'congthongtin', 'ubnd',
  'uyban', 'sonoivu', 'botruong', 'chinhphu', 'quochoi', 'vanphong', 'canbo', 'congchuc',
  'phongban', 'sothongtin', 'chuyendoiso', 'chinhquyen', 'dichvucong', 'nhandan', 'nguyen',
  'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo',
  'duong', 'ly', 'dinh', 'trinh', 'doan', 'lam', 'mai', 'truong', 'ha', 'cao', 'luong', 'luu',
  'ta', 'trieu', 'quach', 'lai', 'tong', 'kieu', 'anh', 'minh', 'huong', 'lan', 'linh', 'hung',
  'dung', 'tuan', 'trang', 'thao', 'hoa', 'hai', 'nam', 'long', 'phuong', 'thu', 'ha', 'ngoc',
  'hanh', 'hien', 'hieu', 'hoai', 'khanh', 'khoa', 'kien', 'loan', 'ly', 'nga', 'nhung',
  'phuc', 'quan', 'quang', 'son', 'tam', 'thang', 'thanh', 'thuy', 'tien', 'trung', 'tu',
  'van', 'viet', 'yen', 'duc', 'giang', 'hang', 'huy', 'nhi', 'oanh', 'tai', 'thinh', 'vy',
  'bao', 'chau', 'cuong', 'dat', 'hau', 'kim', 'my', 'nguyet', 'quynh', 'tham', 'thoa', 'xuan',
  'vananh', 'ngocanh', 'tuananh', 'ducanh', 'hoanganh', 'thuytrang', 'thanhhuong', 'hanoi',
  'saigon', 'hochiminh', 'haiphong', 'danang', 'hue', 'cantho', 'nhatrang', 'dalat', 'vungtau',
  'halong', 'quangninh', 'nghean', 'thanhhoa', 'hatinh', 'quangtri', 'quangngai', 'gialai',
  'daklak', 'lamdong', 'dongnai', 'tayninh', 'vinhlong', 'dongthap', 'camau', 'angiang',
  'laocai', 'sonla', 'dienbien', 'laichau', 'langson', 'caobang', 'tuyenquang', 'thainguyen',
  'phutho', 'bacninh', 'hungyen', 'ninhbinh', 'khanhhoa',
];
