#include "hall/shared/describe.h"

#include <sstream>

namespace hall::rules {
namespace {

bool Vi(const std::string& lang) { return lang == "vi"; }

std::string BaseWords(Base b, const std::string& lang) {
  if (Vi(lang)) {
    switch (b) {
      case Base::kConvened: return "số người được triệu tập";
      case Base::kPresent: return "số người có mặt";
      case Base::kMembers: return "tổng số thành viên tập thể lãnh đạo";
      case Base::kCast: return "số phiếu thu vào";
      case Base::kValid: return "số phiếu hợp lệ";
    }
  }
  switch (b) {
    case Base::kConvened: return "those convened";
    case Base::kPresent: return "those present";
    case Base::kMembers: return "the members of the collective";
    case Base::kCast: return "ballots cast";
    case Base::kValid: return "valid ballots";
  }
  return "";
}

std::string CompareWords(Comparison c, const std::string& lang) {
  if (Vi(lang)) return c == Comparison::kGreater ? "trên" : "ít nhất";
  return c == Comparison::kGreater ? "more than" : "at least";
}

// "more than 1/2 of those convened (2 × votes > convened)"
std::string ThresholdWords(const Threshold& t, Fraction f, const std::string& what,
                           const std::string& lang) {
  std::ostringstream s;
  s << CompareWords(t.compare, lang) << " " << FractionText(f) << " "
    << (Vi(lang) ? "" : "of ") << BaseWords(t.of, lang) << " (" << f.den << " × " << what
    << " " << ComparisonText(t.compare) << " " << (f.num == 1 ? "" : std::to_string(f.num) + " × ")
    << BaseName(t.of) << ")";
  return s.str();
}

std::string BallotWords(const Step& step, const std::string& lang) {
  const bool vi = Vi(lang);
  if (!step.ballot) return vi ? "không bỏ phiếu" : "no ballot";
  switch (*step.ballot) {
    case crypto::BallotKind::kNominate:
      return vi ? "phiếu giới thiệu: mỗi người giới thiệu 01 người, hoặc để trống"
                : "nomination: each voter names one person, or leaves it blank";
    case crypto::BallotKind::kApprove: {
      std::string s = vi ? "phiếu tín nhiệm: đồng ý / không đồng ý với từng người"
                         : "approval: agree / disagree for each person listed";
      if (step.max_agree) {
        s += vi ? " (đồng ý tối đa " + std::to_string(*step.max_agree) + " người)"
                : " (at most " + std::to_string(*step.max_agree) + " agrees)";
      }
      return s;
    }
    case crypto::BallotKind::kRate3:
      return vi ? "phiếu tín nhiệm ba mức: cao (tốt và khá) / trung bình / thấp"
                : "three levels for each person: high (good and fair) / medium / low";
    case crypto::BallotKind::kRate4:
      return vi ? "phiếu đánh giá bốn mức: xuất sắc / xứng đáng / cơ bản xứng đáng / không xứng đáng"
                : "four levels for each person: excellent / competent / basically competent / "
                  "incompetent";
    case crypto::BallotKind::kYesNoAbstain:
      return vi ? "phiếu biểu quyết: đồng ý / không đồng ý / không có ý kiến với từng người"
                : "agree / disagree / abstain for each person";
  }
  return "";
}

std::string DisclosureWords(Disclosure d, const std::string& lang) {
  if (Vi(lang)) {
    switch (d) {
      case Disclosure::kAnnounced: return "công bố tại hội nghị";
      case Disclosure::kSealed: return "lập biên bản, KHÔNG công bố tại hội nghị";
      case Disclosure::kMinutesOnly: return "chỉ ghi biên bản";
    }
  }
  switch (d) {
    case Disclosure::kAnnounced: return "announced in the hall";
    case Disclosure::kSealed: return "sealed: recorded in minutes, NOT announced in the hall";
    case Disclosure::kMinutesOnly: return "minutes only";
  }
  return "";
}

std::string StatusWords(OutcomeStatus s, const std::string& lang) {
  if (Vi(lang)) {
    switch (s) {
      case OutcomeStatus::kSelected: return "trúng";
      case OutcomeStatus::kCarriedForward: return "chuyển sang bước sau";
      case OutcomeStatus::kNotSelected: return "không trúng";
      case OutcomeStatus::kRemovalProposed: return "đề nghị đưa ra khỏi quy hoạch";
      case OutcomeStatus::kKept: return "giữ lại";
      case OutcomeStatus::kNeedsDecision: return "cần người có thẩm quyền quyết định";
    }
  }
  switch (s) {
    case OutcomeStatus::kSelected: return "selected";
    case OutcomeStatus::kCarriedForward: return "carried forward";
    case OutcomeStatus::kNotSelected: return "not selected";
    case OutcomeStatus::kRemovalProposed: return "removal proposed";
    case OutcomeStatus::kKept: return "kept";
    case OutcomeStatus::kNeedsDecision: return "needs a decision";
  }
  return "";
}

std::string VotesWord(const Step& step) {
  return step.ballot == crypto::BallotKind::kNominate ? "votes" : "agree";
}

std::string RuleWords(const Step& step, const std::string& lang) {
  if (!step.rule) return Vi(lang) ? "không có quy tắc bỏ phiếu" : "no voting rule";
  const Rule& r = *step.rule;
  const RuleParameters& p = r.params;
  const bool vi = Vi(lang);
  const std::string v = VotesWord(step);
  auto th = [&](const std::string& what) {
    return ThresholdWords(*r.threshold, r.threshold->fraction, what, lang);
  };
  std::ostringstream s;
  switch (r.kind) {
    case RuleKind::kTopMajority:
      if (vi) {
        s << "Trúng: người có số phiếu cao nhất và " << th(v) << ". Nếu không ai đạt, chọn "
          << p.carry_forward << " người có số phiếu cao nhất chuyển sang bước sau"
          << (p.tie_at_carry_cut == TieHandling::kCarryAll
                  ? "; bằng phiếu ở vị trí cuối thì chuyển tất cả những người bằng phiếu"
                  : "; bằng phiếu ở vị trí cuối thì cần quyết định");
      } else {
        s << "Selected: the person with the most votes, if that is " << th(v)
          << ". Otherwise the top " << p.carry_forward << " go forward to the next step"
          << (p.tie_at_carry_cut == TieHandling::kCarryAll
                  ? "; a tie for the last place carries everyone tied"
                  : "; a tie for the last place needs a decision");
      }
      if (p.check_divergence) {
        s << (vi ? ". Nếu kết quả khác bước trước: báo cáo cấp có thẩm quyền"
                 : ". If the result differs from the previous step's: report to the competent "
                   "authority");
      }
      break;
    case RuleKind::kRankedMajority:
      if (vi) {
        s << "Trúng: người đạt " << th(v) << ", lấy từ trên xuống đủ số lượng; bằng phiếu ở vị "
                                             "trí cuối thì người đứng đầu quyết định";
      } else {
        s << "Selected: persons with " << th(v)
          << ", taken from the top down to the number of posts; a tie at the cut needs the "
             "head's decision";
      }
      if (p.head_nominee_breaks_exact_tie) {
        s << (vi ? ". Hai người bằng phiếu đúng " + FractionText(r.threshold->fraction) +
                       ": chọn người do người đứng đầu giới thiệu và báo cáo cấp có thẩm quyền"
                 : ". Two persons tied at exactly " + FractionText(r.threshold->fraction) +
                       ": the head's nominee is appointed and the tie is reported");
      }
      if (p.has_b_ballots) {
        s << (vi ? ". Phiếu B được kiểm và ghi riêng, không có giá trị quyết định"
                 : ". B ballots are counted and recorded separately and decide nothing");
      }
      break;
    case RuleKind::kThreshold:
      s << (vi ? "Người đạt " : "A person with ") << th(v) << ": "
        << StatusWords(p.pass_status, lang) << (vi ? "; còn lại: " : "; otherwise: ")
        << StatusWords(p.fail_status, lang);
      break;
    case RuleKind::kOpinion:
      s << (vi ? "Chỉ lấy ý kiến, không chọn ai: ghi số phiếu từng người cho tập thể lãnh đạo"
               : "Opinion only, no one is selected: the counts per person are recorded for the "
                 "leadership");
      break;
    case RuleKind::kBracketShare: {
      s << (vi ? "Trở thành đối tượng khảo sát khi tỷ lệ phiếu trên số người tham gia "
               : "Becomes an inspection candidate when the share of participants reaches ")
        << CompareWords(r.threshold->compare, lang) << ": ";
      std::int64_t from = 1;
      bool first = true;
      for (const auto& b : r.brackets) {
        if (!first) s << "; ";
        first = false;
        if (b.up_to) {
          s << from << "-" << *b.up_to << (vi ? " người: " : " participants: ");
          from = *b.up_to + 1;
        } else {
          s << from << (vi ? " người trở lên: " : " or more: ");
        }
        s << FractionText(b.fraction);
      }
      break;
    }
    case RuleKind::kRate3Classify:
      s << (vi ? "Xếp mức có nhiều phiếu nhất"
               : "Classified at the level with the most votes")
        << (p.level_tie == LevelTie::kLower ? (vi ? " (bằng phiếu: mức thấp hơn)"
                                                  : " (a tie goes to the lower level)")
                                            : (vi ? " (bằng phiếu: mức cao hơn)"
                                                  : " (a tie goes to the higher level)"))
        << (vi ? "; cảnh báo khi phiếu thấp " : "; flagged when low is ")
        << ThresholdWords(p.low_majority, p.low_majority.fraction, "low", lang)
        << (vi ? " hoặc " : " or ")
        << ThresholdWords(p.low_two_thirds, p.low_two_thirds.fraction, "low", lang);
      break;
    case RuleKind::kRate4Evaluation:
      s << (vi ? "Tiếp tục khi xuất sắc + xứng đáng " : "Goes on when excellent + competent is ")
        << th("good")
        << (vi ? "; nếu không, nói chung không đề nghị đề bạt"
               : "; otherwise promotion should generally not be proposed");
      break;
  }
  return s.str();
}

std::string ParameterList(const Step& step) {
  if (!step.rule) return "";
  const RuleParameters& p = step.rule->params;
  auto tie = [](TieHandling t) {
    return std::string(t == TieHandling::kCarryAll ? "carry_all" : "needs_decision");
  };
  std::ostringstream s;
  switch (step.rule->kind) {
    case RuleKind::kTopMajority:
      s << "carry_forward=" << p.carry_forward << ", tie_at_carry_cut="
        << tie(p.tie_at_carry_cut) << ", carry_min_votes=" << p.carry_min_votes;
      if (p.check_divergence) {
        s << ", check_divergence=true, divergence_test="
          << (p.divergence_test == DivergenceTest::kNotSubset ? "not_subset" : "not_equal");
      }
      break;
    case RuleKind::kRankedMajority:
      s << "tie_at_slot_cut=" << tie(p.tie_at_slot_cut);
      if (p.head_nominee_breaks_exact_tie) {
        s << ", head_nominee_breaks_exact_tie=true, head_nominee_tie_persons="
          << p.head_nominee_tie_persons
          << ", single_at_exact_threshold=" << StatusName(p.single_at_exact_threshold);
      }
      if (p.max_persons_per_sitting)
        s << ", max_persons_per_sitting=" << p.max_persons_per_sitting;
      if (p.candidates_per_slot) s << ", candidates_per_slot=" << p.candidates_per_slot;
      if (p.has_b_ballots) s << ", has_b_ballots=true";
      if (p.tally_by_group) s << ", tally_by_group=true";
      if (p.candidates_must_outnumber_slots) s << ", candidates_must_outnumber_slots=true";
      break;
    case RuleKind::kThreshold:
      s << "pass_status=" << StatusName(p.pass_status)
        << ", fail_status=" << StatusName(p.fail_status);
      break;
    case RuleKind::kOpinion:
      s << "candidates_must_outnumber_slots="
        << (p.candidates_must_outnumber_slots ? "true" : "false");
      break;
    case RuleKind::kBracketShare:
      s << "passing_must_outnumber_slots="
        << (p.passing_must_outnumber_slots ? "true" : "false");
      break;
    case RuleKind::kRate3Classify:
      s << "level_tie=" << (p.level_tie == LevelTie::kLower ? "lower" : "higher")
        << ", low_majority=" << ComparisonText(p.low_majority.compare) << " "
        << FractionText(p.low_majority.fraction) << " of " << BaseName(p.low_majority.of)
        << ", low_two_thirds=" << ComparisonText(p.low_two_thirds.compare) << " "
        << FractionText(p.low_two_thirds.fraction) << " of " << BaseName(p.low_two_thirds.of);
      break;
    case RuleKind::kRate4Evaluation:
      break;
  }
  return s.str();
}

}  // namespace

std::string StepSummary(const Step& step, const std::string& lang) {
  std::ostringstream s;
  s << step.title.Get(lang) << " — ";
  if (!step.ballot) {
    s << (Vi(lang) ? "không bỏ phiếu" : "no ballot");
  } else {
    s << BallotKindName(step.ballot) << ", " << DisclosureName(step.disclosure) << ": "
      << RuleWords(step, lang);
  }
  return s.str();
}

std::string DescribeProcedure(const Procedure& p, const std::string& lang) {
  const bool vi = Vi(lang);
  const Threshold& q = p.quorum;
  std::ostringstream s;
  s << p.code << "  " << p.id << "\n" << p.title.Get(lang) << "\n";
  if (p.title.by_language.count("zh") && lang != "zh") s << p.title.Get("zh") << "\n";
  s << (vi ? "Nguồn: " : "Source: ") << p.source << "\n";
  s << (vi ? "Điều kiện tiến hành: số người có mặt " : "Quorum: those present must be ")
    << ThresholdWords(q, q.fraction, "present", lang) << "\n";
  if (p.season) {
    s << (vi ? "Thời gian: tháng " : "Season: months ");
    for (std::size_t i = 0; i < p.season->months.size(); ++i) {
      s << (i ? ", " : "") << p.season->months[i];
    }
    s << (vi ? " (ngoài thời gian này: cảnh báo)" : " (outside them: a warning)") << "\n";
  }
  for (const auto& step : p.steps) {
    s << "\n" << (vi ? "Bước " : "Step ") << step.id << ": " << step.title.Get(lang);
    if (step.title.by_language.count("zh") && lang != "zh") s << " (" << step.title.Get("zh") << ")";
    s << "\n  " << (vi ? "Thành phần: " : "Who votes: ") << step.electorate.Get(lang) << "\n";
    s << "  " << (vi ? "Phiếu: " : "Ballot: ") << BallotWords(step, lang);
    if (step.voter_signature_optional) {
      s << (vi ? " (có chữ ký hoặc không)" : " (the voter may sign it or not)");
    }
    s << "\n";
    if (step.rule) {
      s << "  " << (vi ? "Quy tắc: " : "Rule: ") << RuleWords(step, lang) << "\n";
      if (step.quorum && IsNoQuorum(*step.quorum)) {
        s << "  " << (vi ? "Điều kiện tiến hành: không yêu cầu số người có mặt tối thiểu"
                         : "Quorum: none (no minimum attendance)")
          << "\n";
      } else if (step.quorum) {
        s << "  " << (vi ? "Điều kiện tiến hành: " : "Quorum: ")
          << ThresholdWords(*step.quorum, step.quorum->fraction, "present", lang) << "\n";
      }
      const std::string params = ParameterList(step);
      if (!params.empty()) s << "  " << (vi ? "Tham số: " : "Parameters: ") << params << "\n";
    }
    s << "  " << (vi ? "Công bố: " : "Disclosure: ") << DisclosureWords(step.disclosure, lang)
      << "\n";
    if (!step.notes.by_language.empty()) {
      s << "  " << (vi ? "Ghi chú: " : "Notes: ") << step.notes.Get(lang) << "\n";
    }
  }
  return s.str();
}

}  // namespace hall::rules
