import { RETENTION_DEFAULT_DAYS, type PrivacyNoticeInput } from '../../protocol/privacy.ts';

/**
 * The notice's built-in wording (Nghị định 13/2023/NĐ-CP, Điều 13: who processes the
 * data, for what, which data, how long, the person's rights), in force until an
 * administrator saves one of their own. `{days}` stands for the retention period.
 */
export const DEFAULT_NOTICE: PrivacyNoticeInput = {
  retentionDays: RETENTION_DEFAULT_DAYS,
  summary:
    'Cơ quan quản lý Cổng thông tin xử lý họ tên, đơn vị, địa bàn, thư điện tử và số điện thoại bạn cung cấp chỉ để tiếp nhận, xử lý và phản hồi ý kiến của bạn, theo Nghị định 13/2023/NĐ-CP. Thông tin liên hệ được xóa sau {days} ngày kể từ khi hội nghị kết thúc. Bạn có quyền xem, chỉnh sửa, rút lại sự đồng ý và yêu cầu xóa dữ liệu của mình.',
  summaryEn:
    'The agency that runs this portal processes the name, organisation, locality, e-mail address and phone number you give only to receive, handle and answer your contribution, under Decree 13/2023/ND-CP. Contact details are erased {days} days after the conference ends. You may see, correct, withdraw your consent to and ask for the erasure of your data.',
  body: `1. Bên Kiểm soát và xử lý dữ liệu cá nhân
Cơ quan quản lý Cổng thông tin điện tử này (tên, địa chỉ và thông tin liên hệ ghi tại chân trang) là Bên Kiểm soát và xử lý dữ liệu cá nhân theo Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân. Ban Tổ chức từng hội nghị được giao tiếp nhận và xử lý ý kiến gửi tới hội nghị đó.

2. Dữ liệu cá nhân được thu thập
Khi gửi ý kiến, đề xuất, câu hỏi: họ và tên, đối tượng (nhà quản lý, chuyên gia, doanh nghiệp, người dân…), cơ quan/đơn vị, tỉnh/thành phố, thư điện tử, số điện thoại, tệp đính kèm và nội dung ý kiến. Khi đăng nhập: thư điện tử và mật khẩu (chỉ lưu dạng băm). Đây là dữ liệu cá nhân cơ bản; Cổng không yêu cầu dữ liệu cá nhân nhạy cảm, đề nghị không đưa thông tin đó vào nội dung ý kiến.

3. Mục đích xử lý
Tiếp nhận, tổng hợp, phân loại, trả lời ý kiến; liên hệ lại với người gửi khi cần làm rõ; thông báo kết quả xử lý; công bố nội dung ý kiến đã được duyệt trên Cổng (kèm họ tên, đối tượng và địa bàn, không kèm thư điện tử và số điện thoại); lập kết quả, báo cáo của hội nghị. Dữ liệu không được dùng cho mục đích khác và không được chuyển cho bên thứ ba, trừ trường hợp pháp luật quy định.

4. Thời gian lưu trữ
Thư điện tử và số điện thoại của người gửi ý kiến được xóa tự động sau {days} ngày kể từ khi hội nghị kết thúc. Nội dung ý kiến đã công bố được lưu giữ như một phần kết quả của hội nghị. Ý kiến chưa công bố được lưu đến khi người gửi yêu cầu xóa hoặc hết thời hạn lưu trữ hồ sơ theo quy định.

5. Quyền của chủ thể dữ liệu (Điều 9 Nghị định 13/2023/NĐ-CP)
Bạn có quyền được biết, đồng ý hoặc không đồng ý, truy cập, rút lại sự đồng ý, xóa, hạn chế xử lý, được cung cấp dữ liệu, phản đối xử lý, khiếu nại, tố cáo, khởi kiện và yêu cầu bồi thường thiệt hại theo quy định của pháp luật. Việc rút lại sự đồng ý không ảnh hưởng đến tính hợp pháp của việc xử lý đã thực hiện trước đó.

6. Cách thực hiện quyền
Gửi yêu cầu tới cơ quan quản lý Cổng theo thư điện tử hoặc số điện thoại ghi tại chân trang, nêu thư điện tử hoặc số điện thoại đã dùng khi gửi ý kiến. Yêu cầu được xử lý trong thời hạn 72 giờ kể từ khi nhận đủ thông tin: dữ liệu được cung cấp cho bạn dưới dạng tệp, hoặc được xóa; nội dung ý kiến đã công bố được giữ lại dưới tên "Ẩn danh".

7. Hậu quả, thiệt hại không mong muốn có khả năng xảy ra
Cổng áp dụng các biện pháp bảo vệ theo quy định (mã hóa đường truyền, phân quyền truy cập, ghi nhật ký thao tác). Trường hợp xảy ra vi phạm quy định về bảo vệ dữ liệu cá nhân, cơ quan quản lý Cổng thông báo theo Điều 23 Nghị định 13/2023/NĐ-CP.`,
  bodyEn: `1. Data controller and processor
The agency that runs this portal (named, with its address and contacts, in the page footer) controls and processes personal data under the Government's Decree 13/2023/ND-CP of 17 April 2023 on personal data protection. Each conference's organising committee receives and handles the contributions sent to it.

2. Personal data collected
When you send a contribution, proposal or question: your name, the kind of contributor you are (manager, expert, business, citizen…), organisation, province or city, e-mail address, phone number, attachments and the contribution's text. When you sign in: your e-mail address and password (stored only as a hash). This is basic personal data; the portal asks for no sensitive personal data — please do not put any in your contribution.

3. Purposes
Receiving, compiling, classifying and answering contributions; contacting the sender when something needs clarifying; telling the sender the outcome; publishing approved contributions on the portal (with the name, kind of contributor and locality, never the e-mail address or phone number); the conference's results and reports. The data is used for nothing else and given to no third party unless the law requires it.

4. How long it is kept
Contributors' e-mail addresses and phone numbers are erased automatically {days} days after the conference ends. Published contributions are kept as part of the conference's results. Unpublished ones are kept until the sender asks for their erasure or the records retention period ends.

5. Your rights (Article 9 of Decree 13/2023/ND-CP)
You have the right to be informed, to consent or not, to access, to withdraw consent, to erasure, to restrict processing, to be given your data, to object to processing, to complain, denounce or sue, and to claim damages as the law provides. Withdrawing consent does not affect the lawfulness of processing done before.

6. How to exercise them
Write to the agency that runs the portal at the e-mail address or phone number in the footer, giving the e-mail address or phone number you used when you sent your contribution. Requests are handled within 72 hours of receiving the details needed: your data is given to you as a file, or erased; published contributions are kept under the name "Anonymous".

7. Possible unwanted consequences
The portal applies the protections required (encrypted connections, access rights, a log of privileged actions). Should personal data be breached, the agency gives notice as Article 23 of Decree 13/2023/ND-CP requires.`,
};
