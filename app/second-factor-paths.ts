/** Where an account sets up its second factor (its account page). */
export const ENROL_PAGE = '/tai-khoan';
/** The second step of a sign-in ("Mã xác thực"). */
export const CODE_PAGE = '/dang-nhap/ma-xac-thuc';
