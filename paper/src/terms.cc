#include "terms.h"

#include <cstddef>
#include <iterator>

#include "hall/base/status.h"

namespace hall::paper {
namespace {

struct Row {
  T term;
  const char* vi;
  const char* zh;
  const char* en;
};

// In the order of T; checked at first use. The Vietnamese and Chinese
// terms are those of the source documents' forms (biên bản kiểm phiếu,
// 计票结果报告单; Ban kiểm phiếu, 总监票人 / 监票人 / 计票人).
constexpr Row kRows[] = {
    {T::kTitle, "BIÊN BẢN KIỂM PHIẾU", "计票结果报告单", "MINUTES OF THE COUNT"},
    {T::kTitleSealed, "BIÊN BẢN KIỂM PHIẾU (MẬT)", "计票结果报告单（密封）",
     "MINUTES OF THE COUNT (SEALED)"},
    {T::kRehearsal, "DIỄN TẬP — biên bản này không có giá trị",
     "演练——本报告单无效", "REHEARSAL — these minutes are not valid"},
    {T::kMeeting, "Hội nghị", "会议", "Meeting"},
    {T::kDate, "Ngày họp", "会议日期", "Date"},
    {T::kProcedure, "Quy trình", "程序", "Procedure"},
    {T::kStepLabel, "Bước", "步骤", "Step"},
    {T::kStep, "Bước {0}: {1}", "第{0}步：{1}", "Step {0}: {1}"},
    {T::kRound, "Vòng bỏ phiếu số {0}", "第{0}轮投票", "Round {0}"},
    {T::kDisclosure, "Công bố kết quả", "结果公布", "Disclosure"},
    {T::kAnnounced, "Kết quả được công bố tại hội trường.", "结果在会场公布。",
     "The result is announced in the hall."},
    {T::kSealed,
     "Kết quả chỉ ghi vào biên bản, không công bố tại hội trường; biên bản "
     "chỉ gửi cấp có thẩm quyền.",
     "结果只记入报告单，不在会场公布；报告单仅送有权机关。",
     "Recorded in the minutes only, not announced in the hall; the minutes "
     "go only to the competent authority."},
    {T::kComparedLabel, "Đối chiếu", "对照", "Compared"},
    {T::kComparedWith, "So sánh với vòng bỏ phiếu số {0}", "与第{0}轮投票比较",
     "Compared with round {0}"},
    {T::kElectorate, "Thành phần bỏ phiếu", "投票人员", "Electorate"},
    {T::kWho, "Thành phần", "组成", "Who votes"},
    {T::kConvened, "Số người được triệu tập", "应到人数", "Convened"},
    {T::kPresent, "Số người có mặt", "实到人数", "Present"},
    {T::kMembers, "Tổng số thành viên", "成员总数", "Members"},
    {T::kQuorum, "Số người có mặt tối thiểu", "法定人数", "Quorum"},
    {T::kQuorumMet, "{0} người — đạt (có mặt {1})", "{0}人——已达到（实到{1}人）",
     "{0} — met ({1} present)"},
    {T::kQuorumNotMet, "{0} người — KHÔNG ĐẠT (có mặt {1})",
     "{0}人——未达到（实到{1}人）", "{0} — NOT MET ({1} present)"},
    {T::kQuorumNone, "không yêu cầu", "不设", "none"},
    {T::kBallots, "Phiếu bầu", "选票", "Ballots"},
    {T::kIssued, "Số phiếu phát ra", "发出选票", "Issued"},
    {T::kCast, "Số phiếu thu vào", "收回选票", "Cast"},
    {T::kUnused, "Số phiếu không sử dụng", "未使用选票", "Unused"},
    {T::kBlank, "Số phiếu trắng", "空白票", "Blank"},
    {T::kCounts, "Kết quả kiểm phiếu", "计票结果", "Counts"},
    {T::kRuleLine, "Quy định áp dụng: {0}, tức là ít nhất {1}.",
     "适用规定：{0}，即至少{1}。", "Rule applied: {0}, that is at least {1}."},
    {T::kShareOf, "Tỷ lệ tính trên tổng số {0}.", "比例按{0}计算。",
     "Shares are of the {0}."},
    {T::kName, "Họ và tên", "姓名", "Name"},
    {T::kVotes, "Số phiếu", "票数", "Votes"},
    {T::kShare, "Tỷ lệ", "比例", "Share"},
    {T::kOutcome, "Kết luận", "结论", "Outcome"},
    {T::kStatus, "Kết quả", "结果", "Result"},
    {T::kReason, "Căn cứ", "依据", "Reason"},
    {T::kFlags, "Ghi chú", "说明", "Notes"},
    {T::kStatusSelected, "Trúng cử", "当选", "Selected"},
    {T::kStatusCarriedForward, "Vào bước sau", "进入下一步", "Carried forward"},
    {T::kStatusNotSelected, "Không trúng cử", "未当选", "Not selected"},
    {T::kStatusRemovalProposed, "Đề nghị đưa ra khỏi quy hoạch", "建议移出",
     "Removal proposed"},
    {T::kStatusKept, "Giữ lại", "保留", "Kept"},
    {T::kStatusNeedsDecision, "Cần cấp có thẩm quyền quyết định", "需上级决定",
     "Needs a decision"},
    {T::kVerification, "Thông tin xác minh", "核验信息", "Verification"},
    {T::kSealFingerprint, "Dấu niêm phong (vân tay)", "印章指纹",
     "Seal fingerprint"},
    {T::kTemplateDigest, "Mã băm mẫu phiếu", "选票模板摘要",
     "Ballot template digest"},
    {T::kBallotBoxDigest, "Mã băm hòm phiếu", "票箱摘要", "Ballot-box digest"},
    {T::kBoxKeyDigest, "Mã băm khoá hòm phiếu", "票箱密钥摘要",
     "Box key digest"},
    {T::kSealedAt, "Niêm phong hòm phiếu", "票箱封存", "Box sealed"},
    {T::kOpenedAt, "Mở bỏ phiếu", "开始投票", "Voting opened"},
    {T::kClosedAt, "Kết thúc bỏ phiếu", "结束投票", "Voting closed"},
    {T::kCountedAt, "Kiểm phiếu", "计票", "Counted"},
    {T::kTrustees, "Người giữ khoá đã mở hòm phiếu", "开启票箱的密钥保管人",
     "Trustees who opened the box"},
    {T::kOpenedBy, "Biên bản lập bởi", "报告单制作", "Minutes written by"},
    {T::kHallServer, "máy chủ kiểm phiếu tại hội trường", "会场计票服务器",
     "the hall's tally server"},
    {T::kRecipient, "người nhận biên bản mật {0}", "密封报告单接收人{0}",
     "the recipient {0}"},
    {T::kSignatures, "Ban kiểm phiếu", "监票计票人员", "The counting committee"},
    {T::kRoleHead, "Trưởng ban kiểm phiếu", "总监票人",
     "Head of the counting committee"},
    {T::kRoleMember, "Ủy viên", "监票人", "Member"},
    {T::kRoleSecretary, "Thư ký", "计票人", "Secretary"},
    {T::kSignHint, "(Ký, ghi rõ họ tên)", "（签名）", "(signature and name)"},
    {T::kFooter, "Mã băm biên bản {0} · Trang {1}/{2}",
     "报告单摘要 {0} · 第{1}页，共{2}页", "Minutes digest {0} · page {1} of {2}"},
    {T::kFooterRequest, "Mã băm yêu cầu kiểm phiếu {0} · Trang {1}/{2}",
     "计票请求摘要 {0} · 第{1}页，共{2}页",
     "Tally request digest {0} · page {1} of {2}"},
    {T::kTimeValue, "{3} ngày {2}/{1}/{0} (UTC)", "{0}年{1}月{2}日 {3}（UTC）",
     "{0}-{1}-{2} {3} UTC"},
    {T::kDateValue, "{2}/{1}/{0}", "{0}年{1}月{2}日", "{0}-{1}-{2}"},
    {T::kSlipsTitle, "PHIẾU MÃ BỎ PHIẾU", "投票码凭条", "BALLOT-CODE SLIPS"},
    {T::kSlipsRehearsal, "DIỄN TẬP — các phiếu mã này không có giá trị",
     "演练——本批凭条无效", "REHEARSAL — these slips are not valid"},
    {T::kRehearsalBadge, "DIỄN TẬP", "演练", "REHEARSAL"},
    {T::kSlipsSecret,
     "MẬT — mỗi mã là một lá phiếu; chỉ ban kiểm phiếu giữ cho đến khi phát",
     "秘密——每个码即一张选票；发放前仅由监票人保管",
     "SECRET — each code is a ballot; kept by the counting committee until "
     "handed out"},
    {T::kSlipsCount, "Số phiếu mã", "凭条数", "Slips"},
    {T::kSlipsPages, "Số trang phiếu mã", "凭条页数", "Pages of slips"},
    {T::kVoterClass, "Nhóm cử tri", "选举人类别", "Voter class"},
    {T::kSlipsHowTo,
     "Cắt theo đường nét đứt. Trộn đều các phiếu, phát cho mỗi đại biểu có "
     "mặt một phiếu. Mỗi mã bỏ được một lá phiếu; không ai được xem mã của "
     "người khác. Đếm số phiếu không phát, ghi vào ô dưới đây và hủy trước "
     "ban kiểm phiếu.",
     "沿虚线剪开。将凭条打乱，向每位到会代表发放一张。每个码只能投一张"
     "票；任何人不得查看他人的码。清点未发放的凭条，填入下方并在监票人面前"
     "销毁。",
     "Cut along the dashed lines. Shuffle the slips and hand one to each "
     "delegate present. Each code casts one ballot; no one may look at "
     "another's code. Count the slips not handed out, write the number "
     "below and destroy them before the counting committee."},
    {T::kSlipsHandedOut, "Số phiếu đã phát", "已发放凭条", "Slips handed out"},
    {T::kSlipsDestroyed, "Số phiếu không phát, đã hủy", "未发放并已销毁",
     "Slips not handed out, destroyed"},
    {T::kRolePrinted, "Người in phiếu", "打印人", "Printed by"},
    {T::kRoleReceived, "Trưởng ban kiểm phiếu (nhận)", "总监票人（接收）",
     "Head of the counting committee (received)"},
    {T::kSlipRound, "Vòng {0} · Bước {1}: {2}", "第{0}轮 · 第{1}步：{2}",
     "Round {0} · step {1}: {2}"},
    {T::kSlipHint,
     "Nhập mã tại máy bỏ phiếu; mã dùng một lần; giữ bí mật.",
     "在投票机上输入此码；只能使用一次；请保密。",
     "Enter the code at a voting kiosk; it casts one ballot; keep it secret."},
    {T::kSlipSeal, "Máy bỏ phiếu phải hiện đúng dấu: {0}",
     "投票机显示的印章须为：{0}", "The kiosk must show the seal {0}"},
    {T::kSlipsFooter, "Phiếu mã vòng {0} · Trang {1}/{2}",
     "第{0}轮投票码凭条 · 第{1}页，共{2}页",
     "Ballot-code slips of round {0} · page {1} of {2}"},
    {T::kAttendanceTitle, "DANH SÁCH ĐẠI BIỂU DỰ HỌP", "出席会议人员签到表",
     "ATTENDANCE SHEET"},
    {T::kPresentTitle, "DANH SÁCH ĐẠI BIỂU CÓ MẶT", "到会人员名单",
     "LIST OF THOSE PRESENT"},
    {T::kAttendanceRehearsal, "DIỄN TẬP — danh sách này không có giá trị",
     "演练——本名单无效", "REHEARSAL — this list is not valid"},
    {T::kOrdinal, "STT", "序号", "No."},
    {T::kPersonId, "Mã", "编号", "Id"},
    {T::kGroup, "Nhóm", "组别", "Group"},
    {T::kSignHere, "Ký tên", "签名", "Signature"},
    {T::kPresentMark, "Có mặt", "到会", "Present"},
    {T::kConvenedCount, "Số đại biểu được triệu tập", "应到人数",
     "Convened"},
    {T::kPresentCount, "Số đại biểu có mặt", "实到人数", "Present"},
    {T::kAttendanceHint,
     "Mỗi đại biểu ký tên vào ô của mình khi đến; ban tổ chức ghi nhận có mặt "
     "trên máy (hall-admin checkin) trước khi niêm phong mỗi vòng bỏ phiếu.",
     "每位代表到会时在本人一栏签名；组织人员在每轮投票密封前录入到会"
     "（hall-admin checkin）。",
     "Each delegate signs their own box on arrival; the committee checks them "
     "in (hall-admin checkin) before each round is sealed."},
    {T::kAttendanceFooter, "{0} · Trang {1}/{2}", "{0} · 第{1}页，共{2}页",
     "{0} · page {1} of {2}"},
    {T::kRoleChair, "Chủ trì hội nghị", "会议主持人", "Chair of the meeting"},
    {T::kMeetingTitle, "BIÊN BẢN HỘI NGHỊ", "会议记录", "MINUTES OF THE MEETING"},
    {T::kMeetingFooter, "Biên bản hội nghị · Trang {0}/{1}", "会议记录 · 第{0}页，共{1}页",
     "Minutes of the meeting · page {0} of {1}"},
    {T::kStepRecordTitle, "Bước {0}: {1} (không bỏ phiếu)", "第{0}步：{1}（不投票）",
     "Step {0}: {1} (no ballot)"},
    {T::kRecordText, "Nội dung", "内容", "Record"},
    {T::kRecordDates, "Ngày", "日期", "Dates"},
    {T::kRecordDocuments, "Tài liệu kèm theo (mã băm)", "附件（摘要）",
     "Documents attached (digests)"},
    {T::kRecordedAt, "Ghi lúc", "记录时间", "Recorded at"},
    {T::kSealedEntry,
     "Kết quả niêm phong: chỉ ghi vào biên bản gửi cấp có thẩm quyền, không công "
     "bố và không có trên máy chủ hội trường. Mã băm: {0}",
     "密封结果：只记入报送有权机关的报告单，不公布，会场服务器上也没有。摘要：{0}",
     "Sealed result: recorded only in the minutes for the competent authority, "
     "not announced and not on the hall server. Digest: {0}"},
    {T::kCancelledEntry, "Vòng bỏ phiếu đã hủy, không kiểm phiếu. Lý do: {0}",
     "本轮投票已取消，未计票。原因：{0}", "Cancelled, never counted. Reason: {0}"},
    {T::kUnfinishedEntry, "Chưa kiểm phiếu (trạng thái: {0})", "尚未计票（状态：{0}）",
     "Not counted yet (state: {0})"},
    {T::kMinutesDigest, "Mã băm biên bản", "报告单摘要", "Minutes digest"},
    {T::kNothingYet, "Chưa có bước nào được ghi nhận.", "尚无步骤记录。",
     "No step has been recorded yet."},
    {T::kClassCounts, "Kết quả theo từng nhóm cử tri",
     "按选举人类别分别统计", "Counts per voter class"},
    {T::kClassLine, "{0} — {1}: {2} phiếu", "{0}——{1}：{2}票",
     "{0} — {1}: {2} ballots"},
    {T::kClassDeciding, "có quyền quyết định", "表决", "deciding"},
    {T::kClassAdvisory, "dự họp, chỉ ghi nhận, không quyết định",
     "列席，仅记录，不作决定", "attending: recorded, decides nothing"},
    {T::kClassMerged, "Các nhóm ít phiếu được kiểm chung, không bao giờ giải "
     "mã riêng một nhóm.", "票数过少的类别合并统计，从不单独解密。",
     "Classes with too few ballots are tallied together, never decrypted "
     "alone."},
    {T::kClassNotOpened,
     "Không mở: ít hơn {0} phiếu, không bao giờ giải mã riêng.",
     "未开启：不足{0}票，从不单独解密。",
     "Not opened: fewer than {0} ballots, never decrypted alone."},
    {T::kClassNoBallots, "Không có phiếu.", "无票。", "No ballots."},
    {T::kClassIssued, "{0}: phát {1} phiếu, thu {2} phiếu",
     "{0}：发出{1}张，收回{2}张", "{0}: {1} issued, {2} cast"},
};

static_assert(std::size(kRows) == static_cast<std::size_t>(T::kCount),
              "every term needs a row");

const Row& RowOf(T term) {
  static const bool ordered = [] {
    for (std::size_t i = 0; i < std::size(kRows); ++i)
      HALL_CHECK(static_cast<std::size_t>(kRows[i].term) == i);
    return true;
  }();
  (void)ordered;
  return kRows[static_cast<std::size_t>(term)];
}

}  // namespace

std::string_view Term(T term, rules::Language lang) {
  const Row& row = RowOf(term);
  switch (lang) {
    case rules::Language::kVi: return row.vi;
    case rules::Language::kZh: return row.zh;
    case rules::Language::kEn: return row.en;
  }
  return row.en;
}

std::string Fill(std::string_view text,
                 std::initializer_list<std::string> args) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' &&
        text[i + 1] >= '0' && text[i + 1] <= '9') {
      const std::size_t n = static_cast<std::size_t>(text[i + 1] - '0');
      if (n < args.size()) out += *(args.begin() + n);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace hall::paper
