#include "messages.h"

#include <array>
#include <cstddef>

#include "hall/base/status.h"

namespace hall::kiosk {
namespace {

struct Row {
  Msg msg;
  const char* vi;
  const char* zh;
  const char* en;
};

// In the order of Msg; checked at first use.
constexpr Row kRows[] = {
    {Msg::kConnecting, "Đang kết nối với hòm phiếu…", "正在连接票箱…",
     "Connecting to the ballot box…"},
    {Msg::kUnreachable, "Không kết nối được với hòm phiếu",
     "无法连接票箱", "The ballot box cannot be reached"},
    {Msg::kUnreachableWhat, "Xin báo Ban tổ chức. Máy sẽ tự thử lại.",
     "请告知工作人员。本机会自动重试。",
     "Please tell the committee. The kiosk keeps trying."},
    {Msg::kNoRoundHeadline, "Chưa có vòng bỏ phiếu nào đang mở",
     "目前没有正在进行的投票", "No vote is open"},
    {Msg::kNoRoundBody,
     "Xin quay lại khi chủ tọa tuyên bố bắt đầu bỏ phiếu.",
     "请在主持人宣布开始投票后再来。",
     "Please come back when the chair opens the vote."},
    {Msg::kIdleHeadline, "Đang bỏ phiếu", "投票进行中", "Voting is open"},
    {Msg::kIdleBody, "Nhập hoặc quét mã trên phiếu của bạn.",
     "请输入或扫描您凭条上的代码。", "Enter or scan the code on your slip."},
    {Msg::kStart, "Bắt đầu", "开始", "Start"},
    {Msg::kSealedBy, "Niêm phong bởi {0} · dấu {1}", "由{0}盖章 · 印章 {1}",
     "Sealed by {0} · seal {1}"},
    {Msg::kLanguageName, "Tiếng Việt", "中文", "English"},
    {Msg::kTheme, "Tương phản", "对比度", "Contrast"},
    {Msg::kTextSize, "Cỡ chữ", "字号", "Text size"},
    {Msg::kCodePrompt, "Nhập mã trên phiếu của bạn ({0} ký tự)",
     "请输入凭条上的代码（{0}个字符）",
     "Type the code on your slip ({0} characters)"},
    {Msg::kBackspace, "Xóa", "删除", "Delete"},
    {Msg::kClear, "Xóa hết", "清除", "Clear"},
    {Msg::kContinue, "Tiếp tục", "继续", "Continue"},
    {Msg::kCancel, "Hủy", "取消", "Cancel"},
    {Msg::kCodeIncomplete, "Nhóm {0} chưa đủ ký tự: hãy so với phiếu của bạn.",
     "第{0}组不完整：请与凭条核对。",
     "Group {0} is not complete: compare it with your slip."},
    {Msg::kCodeMistyped,
     "Mã không đúng: có một ký tự bị nhập sai. Hãy so từng nhóm với phiếu "
     "của bạn.",
     "代码校验未通过：有字符输入错误。请逐组与凭条核对。",
     "This code does not check out: a character is mistyped. Compare each "
     "group with your slip."},
    {Msg::kCodeBadSymbol,
     "Ký tự “{0}” không có trong mã bỏ phiếu: hãy so với phiếu của bạn.",
     "选票代码中没有字符“{0}”：请与凭条核对。",
     "“{0}” does not occur in ballot codes: compare with your slip."},
    {Msg::kInstrNominate, "Chọn một người, hoặc chọn phiếu trắng.",
     "请选择一人，或投空白票。", "Choose one person, or the blank ballot."},
    {Msg::kInstrApprove, "Với mỗi người, chọn Đồng ý hoặc Không đồng ý.",
     "请对每人选择同意或不同意。",
     "For each person, choose Agree or Disagree."},
    {Msg::kInstrApproveMax,
     "Với mỗi người, chọn Đồng ý hoặc Không đồng ý – đồng ý tối đa {0} "
     "người.",
     "请对每人选择同意或不同意——最多同意{0}人。",
     "For each person, choose Agree or Disagree – agree to at most {0}."},
    {Msg::kInstrRate, "Chọn một mức đánh giá cho mỗi người.",
     "请对每人选择一个评价等次。", "Choose one level for each person."},
    {Msg::kInstrYesNo,
     "Với mỗi người, chọn Đồng ý, Không đồng ý hoặc Không biểu quyết.",
     "请对每人选择同意、不同意或弃权。",
     "For each person, choose Agree, Disagree or Abstain."},
    {Msg::kChoose, "Chọn", "选择", "Choose"},
    {Msg::kBlankBallot, "Phiếu trắng", "空白票", "Blank ballot"},
    {Msg::kAgree, "Đồng ý", "同意", "Agree"},
    {Msg::kDisagree, "Không đồng ý", "不同意", "Disagree"},
    {Msg::kAbstain, "Không biểu quyết", "弃权", "Abstain"},
    {Msg::kRateHigh, "Tín nhiệm tốt, khá", "信任度高", "High confidence"},
    {Msg::kRateMedium, "Tín nhiệm trung bình", "信任度中",
     "Medium confidence"},
    {Msg::kRateLow, "Tín nhiệm thấp", "信任度低", "Low confidence"},
    {Msg::kRateExcellent, "Xuất sắc", "优秀", "Excellent"},
    {Msg::kRateCompetent, "Xứng đáng", "称职", "Competent"},
    {Msg::kRateBasic, "Cơ bản xứng đáng", "基本称职", "Basically competent"},
    {Msg::kRateIncompetent, "Không xứng đáng", "不称职", "Incompetent"},
    {Msg::kPrevious, "Trang trước", "上一页", "Previous"},
    {Msg::kNext, "Trang sau", "下一页", "Next"},
    {Msg::kPageText, "Người {0}–{1} trong số {2}", "第{0}–{1}人，共{2}人",
     "Persons {0}–{1} of {2}"},
    {Msg::kPosition, "{0}/{1}", "{0}/{1}", "{0} of {1}"},
    {Msg::kReviewButton, "Xem lại phiếu", "核对选票", "Review my ballot"},
    {Msg::kAgreedMax, "Đã đồng ý {0} người, tối đa {1}",
     "已同意{0}人，最多{1}人", "{0} of at most {1} agreed"},
    {Msg::kAgreedCount, "Đã đồng ý {0} người", "已同意{0}人", "{0} agreed"},
    {Msg::kTooManyAgreed,
     "Bạn đã đồng ý {0} người, là số tối đa. Hãy đổi một người sang Không "
     "đồng ý trước.",
     "您已同意{0}人，已达上限。请先将一人改为不同意。",
     "You have agreed to {0}, the most allowed. Change one to Disagree "
     "first."},
    {Msg::kMissingNominate, "Hãy chọn một người hoặc phiếu trắng.",
     "请选择一人或空白票。", "Choose a person or the blank ballot."},
    {Msg::kMissingLevels, "Chưa đánh dấu: {0}.", "尚未选择：{0}。",
     "Not marked yet: {0}."},
    {Msg::kReviewHeading, "Kiểm tra lựa chọn của bạn", "请核对您的选择",
     "Check your choices"},
    {Msg::kChange, "Sửa", "修改", "Change"},
    {Msg::kPreparing, "Đang chuẩn bị phiếu…", "正在准备选票…",
     "Preparing your ballot…"},
    {Msg::kCast, "Bỏ phiếu", "投票", "Cast my ballot"},
    {Msg::kChallenge, "Kiểm tra máy này", "检验本机", "Check this kiosk"},
    {Msg::kBack, "Quay lại", "返回", "Back"},
    {Msg::kNotMarked, "Không đánh dấu", "未选择", "Not marked"},
    {Msg::kChosen, "Được chọn", "已选", "Chosen"},
    {Msg::kBlankChoice, "Phiếu trắng (không chọn ai)", "空白票（未选任何人）",
     "Blank ballot (no one chosen)"},
    {Msg::kChallengeHeading, "Kiểm tra máy bỏ phiếu", "本机检验",
     "Kiosk check"},
    {Msg::kChallengeBusy, "Đang mở phiếu máy này đã chuẩn bị…",
     "正在打开本机准备的选票…", "Opening the ballot this kiosk prepared…"},
    {Msg::kChallengeOk, "Máy này đã mã hóa đúng các lựa chọn của bạn.",
     "本机准确加密了您的选择。", "This kiosk encrypted exactly your choices."},
    {Msg::kChallengeFailed,
     "Máy này KHÔNG mã hóa đúng lựa chọn của bạn. Đừng bỏ phiếu ở đây: hãy "
     "gọi Ban tổ chức.",
     "本机未准确加密您的选择。请勿在此投票，请通知工作人员。",
     "This kiosk did NOT encrypt your choices. Do not vote here: call the "
     "committee."},
    {Msg::kChallengeExplain,
     "Phiếu vừa kiểm tra đã được mở và sẽ không bao giờ được đếm; các lựa "
     "chọn trên đó được công bố trong hồ sơ bầu cử, không kèm mã của bạn. "
     "Hãy đánh dấu lại; mã của bạn vẫn còn hiệu lực.",
     "刚才检验的选票已被打开，永远不会被计票；其选择将公布在选举记录中，"
     "不附您的代码。请重新填写；您的代码仍然有效。",
     "The checked ballot was opened and will never be counted; its choices "
     "are published in the election record, without your code. Mark your "
     "ballot again; your code is still valid."},
    {Msg::kMarkAgain, "Đánh dấu lại", "重新填写", "Mark my ballot again"},
    {Msg::kCasting, "Đang bỏ phiếu…", "正在投票…", "Casting your ballot…"},
    {Msg::kRetrying, "Mất kết nối, đang thử lại ({0})", "连接中断，正在重试（{0}）",
     "The connection dropped; trying again ({0})"},
    {Msg::kReceiptHeading, "Phiếu của bạn đã vào hòm phiếu", "您的选票已投入票箱",
     "Your ballot is in the box"},
    {Msg::kTrackingLabel, "Mã theo dõi – ghi lại hoặc chụp mã QR",
     "查询码——请记下或拍摄二维码",
     "Tracking code – write it down or photograph the QR code"},
    {Msg::kCheckInclusion, "Kiểm tra phiếu có trong hòm", "核实选票在票箱中",
     "Check my ballot is in the box"},
    {Msg::kInclusionOk,
     "Đã kiểm tra: phiếu của bạn là mục {0} trong sổ công khai của hòm phiếu "
     "(đầu sổ {1}).",
     "已核实：您的选票是票箱公开记录的第{0}项（记录头 {1}）。",
     "Checked: your ballot is entry {0} of the box's public record (board "
     "head {1})."},
    {Msg::kInclusionFailed,
     "Kiểm tra thất bại: sổ của hòm phiếu không chứng minh được phiếu của "
     "bạn. Hãy báo Ban tổ chức.",
     "核实失败：票箱记录无法证明您的选票。请告知工作人员。",
     "The check failed: the box's record does not prove your ballot is in "
     "it. Tell the committee."},
    {Msg::kInclusionChecking, "Đang kiểm tra…", "正在核实…", "Checking…"},
    {Msg::kDone, "Xong", "完成", "Done"},
    {Msg::kAlertTitle, "Không bỏ phiếu tại máy này", "请勿在本机投票",
     "Do not vote at this kiosk"},
    {Msg::kAlertSealBody,
     "Phiếu bầu máy này nhận được không mang dấu niêm phong hợp lệ của Ban "
     "tổ chức.",
     "本机收到的选票没有委员会的有效印章。",
     "The ballot this kiosk received does not carry the committee's valid "
     "seal."},
    {Msg::kAlertWhat,
     "Hãy mời một thành viên Ban tổ chức đến. Ban tổ chức đã được báo.",
     "请叫工作人员前来。已向委员会报警。",
     "Fetch a member of the committee. The committee has been alerted."},
    {Msg::kUsedTitle, "Mã này đã được dùng", "此代码已被使用",
     "This code has been used already"},
    {Msg::kUsedBody,
     "Đã có một phiếu được bỏ bằng mã này trong vòng này. Mỗi mã chỉ bỏ "
     "phiếu một lần.",
     "本轮已有选票使用此代码投出。每个代码只能投票一次。",
     "A ballot was already cast with this code in this round. Each code "
     "votes once."},
    {Msg::kGoToDesk, "Hãy mang phiếu của bạn đến bàn Ban tổ chức.",
     "请持凭条到委员会服务台。", "Take your slip to the committee desk."},
    {Msg::kUnknownTitle, "Mã này không dùng cho vòng bỏ phiếu này",
     "此代码不适用于本轮投票", "This code is not for this vote"},
    {Msg::kUnknownBody,
     "Mã không có trong danh sách của vòng này: có thể là phiếu của vòng "
     "khác. Hãy xem vòng in trên phiếu.",
     "此代码不在本轮名单中，可能是其他轮次的凭条。请核对凭条上印的轮次。",
     "The code is not on this round's list: it may be a slip for another "
     "round. Check the round printed on your slip."},
    {Msg::kClosedTitle, "Đã kết thúc bỏ phiếu", "投票已结束",
     "Voting has closed"},
    {Msg::kClosedBody, "Vòng này không còn nhận phiếu; phiếu của bạn chưa được bỏ.",
     "本轮已停止接收选票；您的选票未投出。",
     "This round no longer accepts ballots; your ballot was not cast."},
    {Msg::kInvalidTitle, "Hòm phiếu từ chối phiếu này", "票箱拒收此选票",
     "The ballot box refused this ballot"},
    {Msg::kInvalidBody,
     "Bằng chứng mã hóa của phiếu không hợp lệ. Phiếu của bạn chưa được bỏ.",
     "选票的加密证明未通过验证。您的选票未投出。",
     "The ballot's proofs did not verify. Your ballot was not cast."},
    {Msg::kUncertainTitle, "Phiếu của bạn có thể chưa vào hòm",
     "您的选票可能未投入票箱", "Your ballot may not be in the box"},
    {Msg::kUncertainBody,
     "Hòm phiếu không trả lời. Phiếu của bạn có thể đã được lưu hoặc chưa.",
     "票箱没有响应。您的选票可能已存储，也可能没有。",
     "The ballot box did not answer. Your ballot may or may not have been "
     "stored."},
    {Msg::kUncertainWhat,
     "Hãy mang phiếu đến bàn Ban tổ chức; họ có thể kiểm tra mã đã được dùng "
     "hay chưa.",
     "请持凭条到委员会服务台，工作人员可以查询该代码是否已使用。",
     "Take your slip to the committee desk; they can check whether the code "
     "was used."},
    {Msg::kPrepareFailedTitle, "Máy không chuẩn bị được phiếu",
     "本机无法准备选票", "The kiosk could not prepare your ballot"},
    {Msg::kPrepareFailedBody,
     "Phiếu của bạn chưa được bỏ. Hãy báo Ban tổ chức.",
     "您的选票未投出。请告知工作人员。",
     "Your ballot was not cast. Tell the committee."},
    {Msg::kUnderstood, "Đã hiểu", "知道了", "OK"},
    {Msg::kStillVotingQuestion, "Bạn vẫn đang bỏ phiếu chứ?", "您还在投票吗？",
     "Are you still voting?"},
    {Msg::kStillVotingCountdown, "Phiếu sẽ bị xóa sau {0} giây.",
     "{0}秒后将清除您的选票。", "Your ballot is cleared in {0} s."},
    {Msg::kStillVotingYes, "Vâng, tôi vẫn đang bỏ phiếu", "是的，我还在投票",
     "Yes, I am still voting"},
    {Msg::kDisplayNoMeeting, "Chưa có hội nghị nào đang diễn ra",
     "目前没有会议", "No meeting in progress"},
    {Msg::kDisplayAttendance, "Có mặt {0} / {1} người được triệu tập",
     "应到{1}人，实到{0}人", "Present {0} of {1} convened"},
    {Msg::kDisplayQuorumMet, "{0} – đã đủ", "{0}——已达到", "{0} – met"},
    {Msg::kDisplayQuorumShort, "{0} – còn thiếu {1} người",
     "{0}——还需{1}人签到", "{0} – {1} more must check in"},
    {Msg::kStateSealed, "Hòm phiếu đã niêm phong, chưa mở",
     "票箱已封存，尚未开启", "Ballot box sealed, not open yet"},
    {Msg::kStateOpen, "Đang bỏ phiếu", "投票进行中", "Voting open"},
    {Msg::kStateClosed, "Đã kết thúc bỏ phiếu, đang kiểm phiếu",
     "投票已结束，正在计票", "Voting closed, counting"},
    {Msg::kStateTallied, "Đã kiểm phiếu", "计票完成", "Counted"},
    {Msg::kStateMinutesSealed, "Biên bản đã niêm phong", "记录已封存",
     "Minutes sealed"},
    {Msg::kStateAnnounced, "Đã công bố kết quả", "结果已公布",
     "Result announced"},
    {Msg::kStateNoRound, "Chưa có vòng bỏ phiếu", "尚无投票轮次",
     "No round yet"},
    {Msg::kDisplayTurnout, "Đã bỏ {0} / {1} phiếu phát ra", "已投{0}票，共发{1}张",
     "{0} of {1} ballots cast"},
    {Msg::kDisplayClock, "Hòm phiếu mở được {0}", "票箱已开启{0}",
     "Box open for {0}"},
    {Msg::kDisplayBoardHead, "Đầu sổ {0}", "记录头 {0}", "Board head {0}"},
    {Msg::kDisplayMinutes, "Mã băm biên bản {0}", "记录摘要 {0}",
     "Minutes digest {0}"},
    {Msg::kDisplaySealedNote,
     "Kết quả vòng này được ghi vào biên bản, không công bố tại hội trường.",
     "本轮结果记入会议记录，不在会场公布。",
     "This round's result is recorded in the minutes, not announced in the "
     "hall."},
    {Msg::kDisplayDisconnected, "Màn hình không kết nối được với hòm phiếu",
     "显示屏无法连接票箱", "The display cannot reach the ballot box"},
    {Msg::kDisplayAlert, "Cảnh báo từ máy {0}: {1}", "来自{0}的警报：{1}",
     "Alert from {0}: {1}"},
    {Msg::kDisplayStep, "Bước {0}: {1}", "第{0}步：{1}", "Step {0}: {1}"},
    {Msg::kStatusSelected, "Trúng cử", "当选", "Selected"},
    {Msg::kStatusCarriedForward, "Vào vòng sau", "进入下一步",
     "Carried forward"},
    {Msg::kStatusNotSelected, "Không trúng cử", "未当选", "Not selected"},
    {Msg::kStatusRemovalProposed, "Đề nghị đưa ra khỏi quy hoạch",
     "建议移出", "Removal proposed"},
    {Msg::kStatusKept, "Giữ lại", "保留", "Kept"},
    {Msg::kStatusNeedsDecision, "Cần cấp có thẩm quyền quyết định",
     "需上级决定", "Needs a decision"},
    {Msg::kTheCommittee, "Ban tổ chức", "组织委员会", "the organizing committee"},
    {Msg::kBallotDigest, "Mã nhận dạng phiếu {0}", "选票识别码 {0}",
     "Ballot identifier {0}"},
    {Msg::kQuorumAtLeast, "ít nhất", "至少", "at least"},
    {Msg::kQuorumMoreThan, "trên", "超过", "more than"},
    {Msg::kQuorumOfMembers, "thành viên", "成员", "members"},
    {Msg::kQuorumOfConvened, "người được triệu tập", "应到会人员", "convened"},
    {Msg::kQuorumOfPresent, "người có mặt", "实到人员", "present"},
    {Msg::kQuorumRule, "Điều kiện: {0} {1} của {2} {3}, tức {4} người có mặt",
     "法定人数：{2}名{3}的{0}{1}，即{4}人出席",
     "Quorum: {0} {1} of the {2} {3}, that is {4} present"},
    {Msg::kQuorumNone,
     "Bước này không yêu cầu số người có mặt tối thiểu ({0} người có mặt)",
     "本步骤不设法定人数（{0}人出席）",
     "This step needs no quorum ({0} present)"},
    {Msg::kAlertKindSeal, "phiếu bầu không có dấu niêm phong hợp lệ",
     "选票没有有效印章", "a ballot without a valid seal"},
    {Msg::kAlertKindInclusion, "không chứng minh được phiếu có trong hòm",
     "无法证明选票在票箱中", "a ballot not proven in the box"},
    {Msg::kAlertKindChallenge, "máy kiểm tra không khớp lựa chọn",
     "本机检验与选择不符", "a kiosk check that failed"},
    {Msg::kDisplayAlerts, "{0} cảnh báo – Ban tổ chức hãy kiểm tra",
     "{0}条警报——请委员会核查", "{0} alerts – the committee must check"},
    {Msg::kTryAgain, "Gửi lại cùng lá phiếu", "重新发送同一张选票",
     "Send the same ballot again"},
};

static_assert(std::size(kRows) == static_cast<std::size_t>(Msg::kCount),
              "every message needs a row");

const Row& RowOf(Msg msg) {
  static const bool ordered = [] {
    for (std::size_t i = 0; i < std::size(kRows); ++i) {
      HALL_CHECK(static_cast<std::size_t>(kRows[i].msg) == i);
    }
    return true;
  }();
  (void)ordered;
  return kRows[static_cast<std::size_t>(msg)];
}

}  // namespace

std::string_view Text(Msg msg, Lang lang) {
  const Row& row = RowOf(msg);
  switch (lang) {
    case Lang::kVi:
      return row.vi;
    case Lang::kZh:
      return row.zh;
    case Lang::kEn:
      return row.en;
  }
  return row.en;
}

std::string Format(Msg msg, Lang lang,
                   std::initializer_list<std::string_view> args) {
  const std::string_view text = Text(msg, lang);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}' &&
        text[i + 1] >= '0' && text[i + 1] <= '9') {
      const std::size_t k = static_cast<std::size_t>(text[i + 1] - '0');
      if (k < args.size()) out += *(args.begin() + k);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string_view> AllCatalogTexts() {
  std::vector<std::string_view> out;
  for (const Row& r : kRows) {
    out.push_back(r.vi);
    out.push_back(r.zh);
    out.push_back(r.en);
  }
  return out;
}

}  // namespace hall::kiosk
