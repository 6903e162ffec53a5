#include "hall/shared/rules_text.h"

#include <vector>

namespace hall::rules {
namespace {

std::string Num(std::int64_t n) { return std::to_string(n); }

// A sentence in one language. Each function writes the parts a Reason's
// sentence is made of; Render() puts them together per code.
class Words {
 public:
  virtual ~Words() = default;
  virtual std::string Sentence(const Reason& r) const = 0;
  virtual std::string BNote(const std::vector<OptionCount>& b) const = 0;
  virtual std::string ThresholdText(const ThresholdFacts& t) const = 0;
  virtual std::string OptionText(const std::string& option) const = 0;
  virtual std::string BaseText(rules::Base base, std::int64_t n) const = 0;
};

// ---------------------------------------------------------------------------
// English: the contract's "reason" text, byte for byte as hall has always
// written it.

class English : public Words {
 public:
  std::string ThresholdText(const ThresholdFacts& t) const override {
    return Threshold(t);
  }
  std::string OptionText(const std::string& option) const override {
    return option;
  }
  std::string BaseText(rules::Base base, std::int64_t n) const override {
    return Num(n) + " " + BaseName(base);
  }
  std::string Sentence(const Reason& r) const override {
    const ThresholdFacts& t = r.threshold;
    const std::string vt = Count(r);
    const std::string tw = Threshold(t);
    const std::string none_passed = "nobody has " + tw + "; ";
    const std::string frac = FractionText(t.fraction);
    switch (r.code) {
      case ReasonCode::kQuorumNotMet:
        return "quorum not met: " + Num(r.present) + " present of " +
               Num(t.of_count) + " " + BaseName(t.of) + ", " + Num(r.required) +
               " required (" + Num(r.required - r.present) +
               " more must check in)";
      case ReasonCode::kTopPassed:
        return vt + ": the most, and " + tw;
      case ReasonCode::kTiedForTop:
        return vt + ": tied for the most with " + Num(r.others) +
               " other(s); the tie must be decided";
      case ReasonCode::kBelowSelected:
        return vt + ": fewer than the person selected";
      case ReasonCode::kCarriedInTop:
        return none_passed + vt + " is among the top " + Num(r.top) +
               ", carried forward to the next step";
      case ReasonCode::kCarriedTiedAtCut:
        return none_passed + vt + " is tied at the cut for the top " +
               Num(r.top) + "; everyone tied is carried forward";
      case ReasonCode::kTiedAtCarryCut:
        return none_passed + vt + " is tied at the cut for the top " +
               Num(r.top) + "; the tie must be decided";
      case ReasonCode::kBelowCarryMinimum:
        return none_passed + vt + ": fewer than the " + Num(r.min_votes) +
               " needed to be carried forward";
      case ReasonCode::kNotInTop:
        return none_passed + vt + " is not among the top " + Num(r.top);
      case ReasonCode::kWithinSlots:
        return vt + ": " + tw + ", and within " + Slots(r.slots) +
               " from the top";
      case ReasonCode::kTiedAtSlotCut:
        return vt + ": " + tw + ", tied at the cut for " + Slots(r.slots) +
               "; the head (or competent authority) decides";
      case ReasonCode::kSlotsFilled:
        return vt + ": " + tw + ", but " + Slots(r.slots) +
               " are filled by persons with more agree votes";
      case ReasonCode::kHeadNomineeAppointed:
        return vt + ": tied at exactly " + frac + " of the " + Num(t.of_count) +
               " " + BaseName(t.of) +
               "; the head's nominee is appointed and the tie is reported to "
               "the competent authority";
      case ReasonCode::kTiedWithHeadNominee:
        return vt + ": tied at exactly " + frac +
               " with the head's nominee, who is appointed; the tie is "
               "reported to the competent authority";
      case ReasonCode::kExactTieWithoutNominee:
        return vt + ": tied at exactly " + frac +
               " and none of the tied is the head's nominee; the head decides "
               "and reports to the competent authority";
      case ReasonCode::kExactTieOfMany:
        return vt + ": tied at exactly " + frac +
               " with two or more others; the head's nominee settles a tie of "
               "two only, so the head decides and reports to the competent "
               "authority";
      case ReasonCode::kExactlyAtThreshold:
        return vt + ": exactly " + frac + " of the " + Num(t.of_count) + " " +
               BaseName(t.of) +
               ", not more, and nobody is above; the head decides and reports "
               "to the competent authority";
      case ReasonCode::kPassesThreshold:
      case ReasonCode::kEvaluationPassed:
        return vt + ": " + tw;
      case ReasonCode::kBelowThreshold:
        return vt + ": not " + tw;
      case ReasonCode::kOpinionOnly:
        return "opinion only, no selection: " + Options(r.options) + " of " +
               Num(r.cast) + " cast, recorded for the leadership";
      case ReasonCode::kInspectionCandidate:
        return vt + ": " + Share(t) + "; an inspection candidate";
      case ReasonCode::kBelowBracketShare:
        return vt + ": not " + Share(t);
      case ReasonCode::kRate3Level: {
        std::string s = Options(r.options) + " of " + Num(r.cast) +
                        " cast: level " + LevelName(r.level);
        if (r.low_majority) s += "; low is " + Threshold(*r.low_majority);
        if (r.low_two_thirds) s += "; low is " + Threshold(*r.low_two_thirds);
        return s;
      }
      case ReasonCode::kEvaluationBelow:
        return vt + ": not " + tw +
               "; promotion should generally not be proposed";
    }
    return "";
  }

  std::string BNote(const std::vector<OptionCount>& b) const override {
    std::string s = " (B ballots, recorded only:";
    for (const auto& o : b) s += " " + o.option + " " + Num(o.count);
    return s + ")";
  }

 private:
  static std::string Count(const Reason& r) {
    switch (r.counted) {
      case Counted::kVotes:
        return Num(r.count) + " votes";
      case Counted::kAgree:
        return Num(r.count) + " agree";
      case Counted::kExcellentCompetent:
        return "excellent + competent " + Num(r.count);
    }
    return "";
  }
  static std::string Compare(Comparison c) {
    return c == Comparison::kGreater ? "more than " : "at least ";
  }
  // "more than 1/2 of the 40 convened"
  static std::string Threshold(const ThresholdFacts& t) {
    return Compare(t.compare) + FractionText(t.fraction) + " of the " +
           Num(t.of_count) + " " + BaseName(t.of);
  }
  // "at least 7/10 of the 12 participants"
  static std::string Share(const ThresholdFacts& t) {
    return Compare(t.compare) + FractionText(t.fraction) + " of the " +
           Num(t.of_count) + " participants";
  }
  static std::string Slots(std::int64_t slots) {
    return slots == 1 ? "the post" : Num(slots) + " posts";
  }
  // "agree 5, disagree 3"
  static std::string Options(const std::vector<OptionCount>& options) {
    std::string s;
    for (const auto& o : options) {
      s += (s.empty() ? "" : ", ") + o.option + " " + Num(o.count);
    }
    return s;
  }
};

// ---------------------------------------------------------------------------
// Vietnamese, in the words of the Vietnamese sources (seeds 000-003): "đạt
// trên 50% tổng số người được triệu tập", "chọn 02 người có số phiếu cao
// nhất", "giao cho người đứng đầu xem xét, quyết định", "báo cáo cấp có thẩm
// quyền", "đối tượng khảo sát".

// "50%" where the fraction is a whole percentage, else "2/3".
std::string Percent(Fraction f) {
  if (f.den > 0 && 100 % f.den == 0) return Num(f.num * (100 / f.den)) + "%";
  return FractionText(f);
}

class Vietnamese : public Words {
 public:
  std::string ThresholdText(const ThresholdFacts& t) const override {
    return Threshold(t, false);
  }
  std::string OptionText(const std::string& option) const override {
    return Option(option);
  }
  std::string BaseText(rules::Base base, std::int64_t n) const override {
    return Num(n) + " " + Base(base);
  }
  std::string Sentence(const Reason& r) const override {
    const ThresholdFacts& t = r.threshold;
    const std::string vt = Count(r);
    const std::string tw = Threshold(t, false);
    const std::string none_passed = "không ai " + tw + "; ";
    const std::string exact = "đúng " + Percent(t.fraction);
    const std::string top = Num(r.top) + " người có số phiếu cao nhất";
    const std::string decide = "cần xem xét, quyết định trường hợp bằng phiếu";
    const std::string report = "đồng thời báo cáo cấp có thẩm quyền";
    const std::string quota = "số lượng cần chọn (" + Num(r.slots) + " người)";
    switch (r.code) {
      case ReasonCode::kQuorumNotMet:
        return "không đủ điều kiện tiến hành: có mặt " + Num(r.present) + "/" +
               Num(t.of_count) + " " + Base(t.of) + ", cần ít nhất " +
               Num(r.required) + " người (còn thiếu " +
               Num(r.required - r.present) + " người)";
      case ReasonCode::kTopPassed:
        return vt + ": có số phiếu cao nhất và " + tw;
      case ReasonCode::kTiedForTop:
        return vt + ": có số phiếu cao nhất bằng với " + Num(r.others) +
               " người khác; " + decide;
      case ReasonCode::kBelowSelected:
        return vt + ": ít hơn người được chọn";
      case ReasonCode::kCarriedInTop:
        return none_passed + vt + ", thuộc " + top +
               ", được chuyển sang bước sau";
      case ReasonCode::kCarriedTiedAtCut:
        return none_passed + vt + ", bằng phiếu ở vị trí cuối trong " + top +
               "; tất cả những người bằng phiếu được chuyển sang bước sau";
      case ReasonCode::kTiedAtCarryCut:
        return none_passed + vt + ", bằng phiếu ở vị trí cuối trong " + top +
               "; " + decide;
      case ReasonCode::kBelowCarryMinimum:
        return none_passed + vt + ": ít hơn " + Num(r.min_votes) +
               " phiếu cần có để được chuyển sang bước sau";
      case ReasonCode::kNotInTop:
        return none_passed + vt + ", không thuộc " + top;
      case ReasonCode::kWithinSlots:
        return vt + ": " + tw + " và nằm trong " + quota +
               ", lấy từ trên xuống";
      case ReasonCode::kTiedAtSlotCut:
        return vt + ": " + tw + ", bằng phiếu ở vị trí cuối của " + quota +
               "; giao cho người đứng đầu (hoặc cấp có thẩm quyền) xem xét, "
               "quyết định";
      case ReasonCode::kSlotsFilled:
        return vt + ": " + tw + ", nhưng " + quota +
               " đã đủ với những người có số phiếu đồng ý cao hơn";
      case ReasonCode::kHeadNomineeAppointed:
        return vt + ": bằng phiếu, cùng đạt " + exact + " tổng số " +
               Num(t.of_count) + " " + Base(t.of) +
               "; người do người đứng đầu giới thiệu được chọn để bổ nhiệm, " +
               report;
      case ReasonCode::kTiedWithHeadNominee:
        return vt +
               ": bằng phiếu với người do người đứng đầu giới thiệu, cùng "
               "đạt " +
               exact + "; người đó được chọn để bổ nhiệm, " + report;
      case ReasonCode::kExactTieWithoutNominee:
        return vt + ": bằng phiếu, cùng đạt " + exact +
               ", không ai trong số đó do người đứng đầu giới thiệu; người "
               "đứng "
               "đầu xem xét, quyết định và báo cáo cấp có thẩm quyền";
      case ReasonCode::kExactTieOfMany:
        return vt + ": bằng phiếu với từ hai người khác trở lên, cùng đạt " +
               exact +
               "; quy định chọn người do người đứng đầu giới thiệu chỉ áp dụng "
               "khi hai người bằng phiếu, nên người đứng đầu xem xét, quyết "
               "định và báo cáo cấp có thẩm quyền";
      case ReasonCode::kExactlyAtThreshold:
        return vt + ": đạt " + exact + " tổng số " + Num(t.of_count) + " " +
               Base(t.of) +
               ", không hơn, và không ai đạt cao hơn; người đứng đầu xem xét, "
               "quyết định và báo cáo cấp có thẩm quyền";
      case ReasonCode::kPassesThreshold:
      case ReasonCode::kEvaluationPassed:
        return vt + ": " + tw;
      case ReasonCode::kBelowThreshold:
        return vt + ": " + Threshold(t, true);
      case ReasonCode::kOpinionOnly:
        return "chỉ lấy ý kiến, không lựa chọn: " + Options(r.options) +
               " trong tổng số " + Num(r.cast) +
               " phiếu thu vào; ghi nhận để báo cáo tập thể lãnh đạo";
      case ReasonCode::kInspectionCandidate:
        return vt + ": " + Share(t, false) + "; là đối tượng khảo sát";
      case ReasonCode::kBelowBracketShare:
        return vt + ": " + Share(t, true);
      case ReasonCode::kRate3Level: {
        std::string s = Options(r.options) + " trong tổng số " + Num(r.cast) +
                        " phiếu thu vào: xếp mức " + Option(LevelName(r.level));
        const std::string low = "; phiếu " + Option("low") + " ";
        if (r.low_majority) s += low + Threshold(*r.low_majority, false);
        if (r.low_two_thirds) s += low + Threshold(*r.low_two_thirds, false);
        return s;
      }
      case ReasonCode::kEvaluationBelow:
        return vt + ": " + Threshold(t, true) +
               "; nói chung không đề nghị đề bạt";
    }
    return "";
  }

  std::string BNote(const std::vector<OptionCount>& b) const override {
    return " (phiếu B, chỉ ghi nhận, không có giá trị quyết định: " +
           Options(b) + ")";
  }

 private:
  static std::string Count(const Reason& r) {
    switch (r.counted) {
      case Counted::kVotes:
        return Num(r.count) + " phiếu giới thiệu";
      case Counted::kAgree:
        return Num(r.count) + " phiếu đồng ý";
      case Counted::kExcellentCompetent:
        return Num(r.count) + " phiếu xuất sắc và xứng đáng";
    }
    return "";
  }
  static std::string Base(rules::Base b) {
    switch (b) {
      case Base::kConvened:
        return "người được triệu tập";
      case Base::kPresent:
        return "người có mặt";
      case Base::kMembers:
        return "thành viên tập thể lãnh đạo";
      case Base::kCast:
        return "phiếu thu vào";
      case Base::kValid:
        return "phiếu hợp lệ";
    }
    return "";
  }
  // "đạt trên 50%" / "không đạt trên 50%", "đạt ít nhất 2/3" / "không đạt 2/3".
  static std::string Reach(Comparison c, Fraction f, bool negate) {
    if (negate) {
      return std::string("không đạt ") +
             (c == Comparison::kGreater ? "trên " : "") + Percent(f);
    }
    return std::string("đạt ") +
           (c == Comparison::kGreater ? "trên " : "ít nhất ") + Percent(f);
  }
  // "đạt trên 50% tổng số 40 người được triệu tập"
  static std::string Threshold(const ThresholdFacts& t, bool negate) {
    return Reach(t.compare, t.fraction, negate) + " tổng số " +
           Num(t.of_count) + " " + Base(t.of);
  }
  static std::string Share(const ThresholdFacts& t, bool negate) {
    return Reach(t.compare, t.fraction, negate) + " tổng số " +
           Num(t.of_count) + " người tham gia";
  }
  static std::string Option(const std::string& option) {
    if (option == "votes") return "phiếu";
    if (option == "agree") return "đồng ý";
    if (option == "disagree") return "không đồng ý";
    if (option == "abstain") return "không có ý kiến";
    if (option == "high") return "tín nhiệm cao";
    if (option == "medium") return "tín nhiệm trung bình";
    if (option == "low") return "tín nhiệm thấp";
    if (option == "excellent") return "xuất sắc";
    if (option == "competent") return "xứng đáng";
    if (option == "basic") return "cơ bản xứng đáng";
    if (option == "incompetent") return "không xứng đáng";
    return option;
  }
  // "đồng ý 5, không đồng ý 3"
  static std::string Options(const std::vector<OptionCount>& options) {
    std::string s;
    for (const auto& o : options) {
      s += (s.empty() ? "" : ", ") + Option(o.option) + " " + Num(o.count);
    }
    return s;
  }
};

// ---------------------------------------------------------------------------
// Simplified Chinese, in the words of the Chinese source (seed 004):
// "超过应到会成员半数", "得票率不低于80%", "列为考察对象",
// "优秀和称职率未超过80%的， 一般不得提出提拔任用建议", "A、B两种", "单独统计",
// "与会人员达不到规定人数".

// "半数", "三分之二", "80%", else "3/7".
std::string ChineseFraction(Fraction f) {
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五",
                                        "六", "七", "八", "九", "十"};
  if (f.num * 2 == f.den) return "半数";
  if (f.den > 0 && 100 % f.den == 0) return Percent(f);
  if (f.num >= 1 && f.den <= 10) {
    return std::string(kDigits[f.den]) + "分之" + kDigits[f.num];
  }
  return FractionText(f);
}

class Chinese : public Words {
 public:
  std::string ThresholdText(const ThresholdFacts& t) const override {
    return Threshold(t, false);
  }
  std::string OptionText(const std::string& option) const override {
    return Option(option);
  }
  std::string BaseText(rules::Base base, std::int64_t n) const override {
    return Base(base, n);
  }
  std::string Sentence(const Reason& r) const override {
    const ThresholdFacts& t = r.threshold;
    const std::string vt = Count(r);
    const std::string tw = Threshold(t, false);
    const std::string none_passed = "无人" + tw + "；";
    const std::string frac = ChineseFraction(t.fraction);
    const std::string top = "得票前" + Num(r.top) + "名";
    const std::string decide = "须对同票情况作出决定";
    const std::string report = "并将同票情况报告有权机关";
    switch (r.code) {
      case ReasonCode::kQuorumNotMet:
        return "与会人员未达到规定人数：" + Base(t.of, t.of_count) +
               "，实到会" + Num(r.present) + "人，至少需要" + Num(r.required) +
               "人（尚需" + Num(r.required - r.present) + "人报到）";
      case ReasonCode::kTopPassed:
        return vt + "：得票最多，且" + tw;
      case ReasonCode::kTiedForTop:
        return vt + "：与另外" + Num(r.others) + "人并列得票最多，" + decide;
      case ReasonCode::kBelowSelected:
        return vt + "：少于入选者";
      case ReasonCode::kCarriedInTop:
        return none_passed + vt + "，居" + top + "，进入下一步";
      case ReasonCode::kCarriedTiedAtCut:
        return none_passed + vt + "，与他人并列" + top +
               "的末位；并列者均进入下一步";
      case ReasonCode::kTiedAtCarryCut:
        return none_passed + vt + "，与他人并列" + top + "的末位；" + decide;
      case ReasonCode::kBelowCarryMinimum:
        return none_passed + vt + "：少于进入下一步所需的" + Num(r.min_votes) +
               "票";
      case ReasonCode::kNotInTop:
        return none_passed + vt + "，未进入" + top;
      case ReasonCode::kWithinSlots:
        return vt + "：" + tw + "，且按得票从高到低排在" + Num(r.slots) +
               "个名额以内";
      case ReasonCode::kTiedAtSlotCut:
        return vt + "：" + tw + "，在" + Num(r.slots) +
               "个名额的末位与他人同票；由主要负责人（或有权机关）决定";
      case ReasonCode::kSlotsFilled:
        return vt + "：" + tw + "，但" + Num(r.slots) +
               "个名额已由同意票更多的人选占满";
      case ReasonCode::kHeadNomineeAppointed:
        return vt + "：同票，恰为" + Base(t.of, t.of_count) + "的" + frac +
               "；主要负责人提名的人选予以任用，" + report;
      case ReasonCode::kTiedWithHeadNominee:
        return vt + "：与主要负责人提名的人选同票，均恰为" + frac +
               "；该提名人选予以任用，" + report;
      case ReasonCode::kExactTieWithoutNominee:
        return vt + "：同票，均恰为" + frac +
               "，且同票者中无主要负责人提名的人选；由主要负责人决定并报告有权"
               "机关";
      case ReasonCode::kExactTieOfMany:
        return vt + "：三人以上同票，均恰为" + frac +
               "；按主要负责人提名确定人选仅适用于两人同票，由主要负责人决定并"
               "报告有权机关";
      case ReasonCode::kExactlyAtThreshold:
        return vt + "：恰为" + Base(t.of, t.of_count) + "的" + frac +
               "，未超过，且无人超过；由主要负责人决定并报告有权机关";
      case ReasonCode::kPassesThreshold:
      case ReasonCode::kEvaluationPassed:
        return vt + "：" + tw;
      case ReasonCode::kBelowThreshold:
        return vt + "：" + Threshold(t, true);
      case ReasonCode::kOpinionOnly:
        return "仅征求意见，不作选择：" + Options(r.options) + "，收回票" +
               Num(r.cast) + "张；记录在案，供领导班子参考";
      case ReasonCode::kInspectionCandidate:
        return vt + "：" + Share(t, false) + "；列为考察对象";
      case ReasonCode::kBelowBracketShare:
        return vt + "：" + Share(t, true);
      case ReasonCode::kRate3Level: {
        std::string s = Options(r.options) + "，收回票" + Num(r.cast) +
                        "张：评定为" + Option(LevelName(r.level));
        const std::string low = "；" + Option("low") + "票";
        if (r.low_majority) s += low + Threshold(*r.low_majority, false);
        if (r.low_two_thirds) s += low + Threshold(*r.low_two_thirds, false);
        return s;
      }
      case ReasonCode::kEvaluationBelow:
        return vt + "：" + Threshold(t, true) + "；一般不得提出提拔任用建议";
    }
    return "";
  }

  std::string BNote(const std::vector<OptionCount>& b) const override {
    return "（B票单独统计，仅作记录：" + Options(b) + "）";
  }

 private:
  static std::string Count(const Reason& r) {
    switch (r.counted) {
      case Counted::kVotes:
        return "得" + Num(r.count) + "票";
      case Counted::kAgree:
        return "同意" + Num(r.count) + "票";
      case Counted::kExcellentCompetent:
        return "优秀和称职" + Num(r.count) + "票";
    }
    return "";
  }
  // "应到会人员40人"
  static std::string Base(rules::Base b, std::int64_t n) {
    switch (b) {
      case Base::kConvened:
        return "应到会人员" + Num(n) + "人";
      case Base::kPresent:
        return "实到会人员" + Num(n) + "人";
      case Base::kMembers:
        return "应到会成员" + Num(n) + "人";
      case Base::kCast:
        return "收回票" + Num(n) + "张";
      case Base::kValid:
        return "有效票" + Num(n) + "张";
    }
    return "";
  }
  static std::string Compare(Comparison c, bool negate) {
    if (c == Comparison::kGreater) return negate ? "未超过" : "超过";
    return negate ? "低于" : "不低于";
  }
  // "超过应到会人员40人的半数"
  static std::string Threshold(const ThresholdFacts& t, bool negate) {
    return Compare(t.compare, negate) + Base(t.of, t.of_count) + "的" +
           ChineseFraction(t.fraction);
  }
  // "不低于参加民主推荐人员12人的70%"
  static std::string Share(const ThresholdFacts& t, bool negate) {
    return Compare(t.compare, negate) + "参加民主推荐人员" + Num(t.of_count) +
           "人的" + ChineseFraction(t.fraction);
  }
  static std::string Option(const std::string& option) {
    if (option == "votes") return "得";
    if (option == "agree") return "同意";
    if (option == "disagree") return "不同意";
    if (option == "abstain") return "弃权";
    if (option == "high") return "信任度高";
    if (option == "medium") return "信任度中等";
    if (option == "low") return "信任度低";
    if (option == "excellent") return "优秀";
    if (option == "competent") return "称职";
    if (option == "basic") return "基本称职";
    if (option == "incompetent") return "不称职";
    return option;
  }
  // "同意5票、不同意3票"
  static std::string Options(const std::vector<OptionCount>& options) {
    std::string s;
    for (const auto& o : options) {
      s += (s.empty() ? "" : "、") + Option(o.option) + Num(o.count) + "票";
    }
    return s;
  }
};

const Words& For(Language language) {
  static const English kEnglish;
  static const Vietnamese kVietnamese;
  static const Chinese kChinese;
  switch (language) {
    case Language::kVi:
      return kVietnamese;
    case Language::kZh:
      return kChinese;
    case Language::kEn:
      return kEnglish;
  }
  return kEnglish;
}

}  // namespace

std::string RenderReason(const Reason& reason, Language language) {
  const Words& words = For(language);
  std::string s = words.Sentence(reason);
  if (reason.b_ballots) s += words.BNote(*reason.b_ballots);
  return s;
}

std::string RenderThreshold(const ThresholdFacts& threshold,
                            Language language) {
  return For(language).ThresholdText(threshold);
}

std::string RenderOption(const std::string& option, Language language) {
  return For(language).OptionText(option);
}

std::string RenderBase(Base base, std::int64_t count, Language language) {
  return For(language).BaseText(base, count);
}

std::string RenderFlag(Flag flag, Language language) {
  switch (language) {
    case Language::kEn:
      switch (flag) {
        case Flag::kTieAtCut:
          return "persons are tied at the cut";
        case Flag::kReportDivergence:
          return "the result differs from the previous step's; report to the "
                 "competent authority";
        case Flag::kHeadTiebreakApplied:
          return "a tie at exactly the threshold went to the head's nominee";
        case Flag::kLowMajority:
          return "low confidence from a majority of the ballots";
        case Flag::kLowTwoThirds:
          return "low confidence from two thirds of the ballots or more";
        case Flag::kEvaluationBelow80:
          return "excellent + competent is not above 80% of the ballots: "
                 "promotion should generally not be proposed";
        case Flag::kOutsideQ1:
          return "held outside the first quarter (a warning)";
        case Flag::kQuorumNotMet:
          return "quorum not met";
        case Flag::kCandidatesNotMoreThanSlots:
          return "the candidates are not more than the posts";
        case Flag::kCandidatesBelowRatio:
          return "fewer candidates than the procedure's ratio to the posts "
                 "(a competitive vote puts forward more)";
      }
      break;
    case Language::kVi:
      switch (flag) {
        case Flag::kTieAtCut:
          return "có người bằng phiếu ở vị trí cuối";
        case Flag::kReportDivergence:
          return "kết quả khác với kết quả bước trước; phải báo cáo cấp có "
                 "thẩm quyền và giải trình rõ";
        case Flag::kHeadTiebreakApplied:
          return "bằng phiếu đúng tỷ lệ quy định: chọn người do người đứng đầu "
                 "giới thiệu";
        case Flag::kLowMajority:
          return "phiếu tín nhiệm thấp chiếm quá nửa số phiếu";
        case Flag::kLowTwoThirds:
          return "phiếu tín nhiệm thấp chiếm từ 2/3 số phiếu trở lên";
        case Flag::kEvaluationBelow80:
          return "tỷ lệ xuất sắc và xứng đáng không quá 80% số phiếu thu vào; "
                 "nói chung không đề nghị đề bạt";
        case Flag::kOutsideQ1:
          return "không tiến hành trong quý I (cảnh báo)";
        case Flag::kQuorumNotMet:
          return "không đủ điều kiện tiến hành: số người có mặt chưa đạt tỷ lệ "
                 "quy định";
        case Flag::kCandidatesNotMoreThanSlots:
          return "số người được giới thiệu không nhiều hơn số lượng cần chọn";
        case Flag::kCandidatesBelowRatio:
          return "số người được giới thiệu chưa đạt tỷ lệ quy định cho mỗi "
                 "chức vụ";
      }
      break;
    case Language::kZh:
      switch (flag) {
        case Flag::kTieAtCut:
          return "末位出现同票";
        case Flag::kReportDivergence:
          return "结果与上一步不一致，须向有权机关报告并说明情况";
        case Flag::kHeadTiebreakApplied:
          return "恰为规定比例的同票，按主要负责人提名的人选确定";
        case Flag::kLowMajority:
          return "信任度低票超过半数";
        case Flag::kLowTwoThirds:
          return "信任度低票达到三分之二以上";
        case Flag::kEvaluationBelow80:
          return "优秀和称职率未超过80%，一般不得提出提拔任用建议";
        case Flag::kOutsideQ1:
          return "未在第一季度进行（提示）";
        case Flag::kQuorumNotMet:
          return "与会人员达不到规定人数";
        case Flag::kCandidatesNotMoreThanSlots:
          return "人选数未多于拟任职务数";
        case Flag::kCandidatesBelowRatio:
          return "人选数少于规定的差额比例";
      }
      break;
  }
  return "";
}

}  // namespace hall::rules
