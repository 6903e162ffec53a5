#include "hall/paper/minutes_pdf.h"
#include "hall/paper/meeting_minutes_pdf.h"

#include <cctype>
#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <vector>

#include "hall/shared/catalog.h"
#include "hall/shared/json_input.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules_text.h"
#include "pdf_document.h"
#include "terms.h"

namespace hall::paper {
namespace {

// Ordered: the counts and outcomes print in the minutes' (ballot) order.
using json = nlohmann::ordered_json;
using rules::Language;

const char* const kCountText = "a whole number from 0 to 1000000000";

// A field of the minutes, or a message naming it.
class Reader {
 public:
  explicit Reader(const json& j) : j_(j) {}
  const Status& status() const { return status_; }

  std::string Str(const json& at, const char* key, const char* path) {
    if (at.is_object() && at.contains(key) && at[key].is_string())
      return at[key].get<std::string>();
    Fail(path, "a text");
    return "";
  }
  std::string OptStr(const json& at, const char* key) {
    if (at.is_object() && at.contains(key) && at[key].is_string())
      return at[key].get<std::string>();
    return "";
  }
  std::int64_t Int(const json& at, const char* key, const char* path) {
    std::int64_t n = 0;
    if (at.is_object() && at.contains(key) && CountIn(at[key], n)) return n;
    Fail(path, kCountText);
    return 0;
  }
  // A count that may be absent; present but not a count is a problem.
  std::optional<std::int64_t> OptInt(const json& at, const char* key,
                                     const char* path) {
    if (!at.is_object() || !at.contains(key)) return std::nullopt;
    return Int(at, key, path);
  }
  static bool CountIn(const json& v, std::int64_t& out) {
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() > static_cast<std::uint64_t>(rules::kMaxCount))
      return false;
    if (!v.is_number_integer()) return false;
    const std::int64_t n = v.get<std::int64_t>();
    if (n < 0 || n > rules::kMaxCount) return false;
    out = n;
    return true;
  }
  const json& Obj(const json& at, const char* key, const char* path) {
    static const json kEmpty = json::object();
    if (at.is_object() && at.contains(key) && at[key].is_object())
      return at[key];
    Fail(path, "an object");
    return kEmpty;
  }
  const json& root() const { return j_; }

 private:
  void Fail(const char* path, const char* what) {
    if (status_.ok())
      status_ = Status::InvalidArgument(
          std::string("these are not hall's minutes: \"") + path +
          "\" is missing or is not " + what);
  }
  const json& j_;
  Status status_;
};

Result<json> ParseMinutes(std::string_view minutes) {
  auto parsed = shared::ParseJsonInput(minutes, "the minutes");
  if (!parsed.ok()) {
    return Status::InvalidArgument("these are not hall's minutes: " +
                                   parsed.message());
  }
  json j = std::move(parsed.value());
  if (!j.is_object())
    return Status::InvalidArgument(
        "these are not hall's minutes: the text is not a JSON object");
  if (!j.contains("format") || j["format"] != "hall-minutes/1")
    return Status::InvalidArgument(
        "these are not hall's minutes: \"format\" is not \"hall-minutes/1\"");
  return j;
}

std::string Num(std::int64_t n) { return std::to_string(n); }

// "42,86%" (Vietnamese) or "42.86%": count / base to two decimals,
// rounded half up; "—" when the base is 0.
std::string Percent(std::int64_t count, std::int64_t base, Language lang) {
  // No real meeting counts near 2^40; beyond, the arithmetic would overflow.
  constexpr std::int64_t kMaxCount = std::int64_t{1} << 40;
  if (base <= 0 || count < 0 || count > kMaxCount || base > kMaxCount)
    return "—";
  const std::int64_t hundredths = (count * 20000 + base) / (2 * base);
  std::string frac = Num(hundredths % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return Num(hundredths / 100) + (lang == Language::kVi ? "," : ".") + frac +
         "%";
}

// "2026-12-07T08:03:43Z" in the language's way; other text as it is.
std::string When(const std::string& iso, Language lang) {
  if (iso.size() == 20 && iso[4] == '-' && iso[7] == '-' && iso[10] == 'T' &&
      iso[19] == 'Z') {
    return Term(T::kTimeValue, lang,
                {iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2),
                 iso.substr(11, 8)});
  }
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
    return Term(T::kDateValue, lang,
                {iso.substr(0, 4), iso.substr(5, 2), iso.substr(8, 2)});
  }
  return iso;
}

T StatusTerm(rules::OutcomeStatus s) {
  switch (s) {
    case rules::OutcomeStatus::kSelected: return T::kStatusSelected;
    case rules::OutcomeStatus::kCarriedForward: return T::kStatusCarriedForward;
    case rules::OutcomeStatus::kNotSelected: return T::kStatusNotSelected;
    case rules::OutcomeStatus::kRemovalProposed: return T::kStatusRemovalProposed;
    case rules::OutcomeStatus::kKept: return T::kStatusKept;
    case rules::OutcomeStatus::kNeedsDecision: return T::kStatusNeedsDecision;
  }
  return T::kStatusNotSelected;
}

Block Fields(std::vector<std::pair<std::string, std::string>> rows) {
  Block b;
  b.kind = BlockKind::kFields;
  b.fields = std::move(rows);
  return b;
}
Block TextBlock(BlockKind kind, std::string text) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  return b;
}

// The procedure file's words for the step (electorate, titles) in `lang`
// where the built-in catalog has the procedure; `fallback` otherwise.
std::string CatalogText(const std::string& procedure, const std::string& step,
                        bool electorate, Language lang,
                        const std::string& fallback) {
  const rules::Procedure* p = rules::Catalog::Builtin().Find(procedure);
  if (p == nullptr) return fallback;
  if (step.empty()) {
    return p->title.by_language.count(rules::LanguageName(lang))
               ? p->title.Get(rules::LanguageName(lang))
               : fallback;
  }
  const rules::Step* s = p->FindStep(step);
  if (s == nullptr) return fallback;
  const rules::Text& t = electorate ? s->electorate : s->title;
  return t.by_language.count(rules::LanguageName(lang))
             ? t.Get(rules::LanguageName(lang))
             : fallback;
}

struct Content {
  std::vector<Block> blocks;
  std::string title;
  std::string counted_at;
};

// The minutes of one round as blocks: a whole document (title, signature
// boxes for `signers`), or with `signers` 0 a section of the minutes of a
// meeting (a heading for the round, the rest as in the round's own).
// The counts of each voter class (minutes' "voter_classes"): who was
// issued and cast how many, then each tally group with its counts, or why
// it was not opened.
Status ClassBlocks(
    const json& vc, Language lang,
    const std::function<Result<Block>(const json&, bool)>& counts_table,
    std::vector<Block>& b) {
  const Status bad = Status::InvalidArgument(
      "these are not hall's minutes: \"voter_classes\" is damaged");
  if (!vc.is_object() || !vc.contains("classes") || !vc["classes"].is_array() ||
      !vc.contains("tallies") || !vc["tallies"].is_array())
    return bad;
  b.push_back(TextBlock(BlockKind::kSubheading,
                        std::string(Term(T::kClassCounts, lang))));
  auto role_term = [&](const json& o) {
    const bool advisory = o.contains("role") && o["role"].is_string() &&
                          o["role"].get<std::string>() == "advisory";
    return std::string(
        Term(advisory ? T::kClassAdvisory : T::kClassDeciding, lang));
  };
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& c : vc["classes"]) {
    std::int64_t issued = 0, cast = 0;
    if (!c.is_object() || !c.contains("class") || !c["class"].is_string() ||
        !c.contains("issued") || !Reader::CountIn(c["issued"], issued) ||
        !c.contains("cast") || !Reader::CountIn(c["cast"], cast))
      return bad;
    rows.emplace_back(c["class"].get<std::string>() +
                          (lang == Language::kZh ? "（" + role_term(c) + "）"
                                                 : " (" + role_term(c) + ")"),
                      Term(T::kClassIssued, lang,
                           {c["class"].get<std::string>(), Num(issued),
                            Num(cast)}));
  }
  b.push_back(Fields(std::move(rows)));
  bool merged = false;
  for (const auto& t : vc["tallies"]) {
    std::int64_t cast = 0;
    if (!t.is_object() || !t.contains("classes") || !t["classes"].is_array() ||
        !t.contains("cast") || !Reader::CountIn(t["cast"], cast))
      return bad;
    std::string names;
    for (const auto& n : t["classes"]) {
      if (!n.is_string()) return bad;
      names += (names.empty() ? "" : " + ") + n.get<std::string>();
    }
    b.push_back(TextBlock(BlockKind::kText,
                          Term(T::kClassLine, lang,
                               {names, role_term(t), Num(cast)})));
    if (t.contains("counts")) {
      merged = merged || (t.contains("merged") && t["merged"].is_boolean() &&
                          t["merged"].get<bool>());
      auto table = counts_table(t["counts"], false);
      if (!table.ok()) return table.status();
      b.push_back(std::move(*table));
    } else if (cast == 0) {
      b.push_back(TextBlock(BlockKind::kText,
                            std::string(Term(T::kClassNoBallots, lang))));
    } else {
      std::int64_t min = 0;
      if (!t.contains("min_ballots") || !Reader::CountIn(t["min_ballots"], min))
        return bad;
      b.push_back(TextBlock(BlockKind::kText,
                            Term(T::kClassNotOpened, lang, {Num(min)})));
    }
  }
  if (merged)
    b.push_back(TextBlock(BlockKind::kText,
                          std::string(Term(T::kClassMerged, lang))));
  return Status::Ok();
}

Result<Content> Build(const json& j, Language lang, int signers) {
  const bool section = signers == 0;
  const BlockKind sub = section ? BlockKind::kSubheading : BlockKind::kHeading;
  Reader r(j);
  Content c;
  const json& meeting = r.Obj(j, "meeting", "meeting");
  const json& procedure = r.Obj(j, "procedure", "procedure");
  const json& step = r.Obj(j, "step", "step");
  const json& electorate = r.Obj(j, "electorate", "electorate");
  const json& ballots = r.Obj(j, "ballots", "ballots");
  const json& board = r.Obj(j, "counting_board", "counting_board");
  const std::int64_t round = r.Int(j, "round", "round");
  const std::string disclosure = r.Str(j, "disclosure", "disclosure");
  const std::string proc_id = r.Str(procedure, "id", "procedure.id");
  const std::string step_id = r.Str(step, "id", "step.id");
  const std::string step_title_en = r.Str(step, "title", "step.title");
  c.counted_at = r.Str(j, "counted_at", "counted_at");
  if (!j.contains("outcome") || !j["outcome"].is_object())
    return Status::InvalidArgument(
        "these are not hall's minutes: \"outcome\" is missing");
  if (!j.contains("counts") || !j["counts"].is_object())
    return Status::InvalidArgument(
        "these are not hall's minutes: \"counts\" is missing");
  Result<rules::RoundResult> outcome = rules::ParseRoundResult(j["outcome"].dump());
  if (!outcome.ok())
    return Status::InvalidArgument("these are not hall's minutes: outcome." +
                                   outcome.message());
  const rules::RoundResult& res = *outcome;

  std::string step_title = step_title_en;
  if (lang == Language::kVi) step_title = r.OptStr(step, "title_vi");
  if (lang == Language::kZh) step_title = r.OptStr(step, "title_zh");
  if (step_title.empty())
    step_title = CatalogText(proc_id, step_id, false, lang, step_title_en);

  const std::string mtitle = r.Str(meeting, "title", "meeting.title");
  // "sealed" and "minutes_only": recorded, never announced in the hall.
  const bool sealed = disclosure != "announced";
  c.title = std::string(Term(sealed ? T::kTitleSealed : T::kTitle, lang)) +
            " — " + mtitle + " — " + Term(T::kRound, lang, {Num(round)});
  auto& b = c.blocks;
  if (section) {
    b.push_back(TextBlock(BlockKind::kHeading,
                          Term(T::kRound, lang, {Num(round)}) + " · " +
                              Term(T::kStep, lang, {step_id, step_title})));
  } else {
    if (j.contains("rehearsal") && j["rehearsal"] == true)
      b.push_back(TextBlock(BlockKind::kBanner, std::string(Term(T::kRehearsal, lang))));
    b.push_back(TextBlock(BlockKind::kSubtitle, mtitle));
    b.push_back(TextBlock(BlockKind::kTitle,
                          std::string(Term(sealed ? T::kTitleSealed : T::kTitle, lang))));
    b.push_back(TextBlock(BlockKind::kSubtitle,
                          Term(T::kRound, lang, {Num(round)}) + " · " +
                              Term(T::kStep, lang, {step_id, step_title})));
    b.push_back(TextBlock(BlockKind::kGap, ""));
  }

  std::vector<std::pair<std::string, std::string>> about;
  const std::string procedure_text =
      r.Str(procedure, "code", "procedure.code") + " — " +
      CatalogText(proc_id, "", false, lang,
                  r.Str(procedure, "title", "procedure.title"));
  if (!section) {  // a meeting's minutes say these once, at the top
    about.emplace_back(Term(T::kMeeting, lang), mtitle);
    if (const std::string date = r.OptStr(meeting, "date"); !date.empty())
      about.emplace_back(Term(T::kDate, lang), When(date, lang));
    about.emplace_back(Term(T::kProcedure, lang), procedure_text);
  }
  about.emplace_back(Term(T::kStepLabel, lang),
                     Term(T::kStep, lang, {step_id, step_title}));
  about.emplace_back(Term(T::kDisclosure, lang),
                     std::string(Term(sealed ? T::kSealed : T::kAnnounced, lang)));
  if (const auto compared = r.OptInt(j, "compared_with_round", "compared_with_round"))
    about.emplace_back(Term(T::kComparedLabel, lang),
                       Term(T::kComparedWith, lang, {Num(*compared)}));
  b.push_back(Fields(std::move(about)));

  b.push_back(TextBlock(sub, std::string(Term(T::kElectorate, lang))));
  std::vector<std::pair<std::string, std::string>> who;
  who.emplace_back(Term(T::kWho, lang),
                   CatalogText(proc_id, step_id, true, lang,
                               r.Str(electorate, "who", "electorate.who")));
  who.emplace_back(Term(T::kConvened, lang),
                   Num(r.Int(electorate, "convened", "electorate.convened")));
  who.emplace_back(Term(T::kPresent, lang),
                   Num(r.Int(electorate, "present", "electorate.present")));
  if (const auto members = r.OptInt(electorate, "members", "electorate.members"))
    who.emplace_back(Term(T::kMembers, lang), Num(*members));
  const std::string quorum_value = Num(res.quorum.required);
  who.emplace_back(
      Term(T::kQuorum, lang),
      res.quorum.required == 0
          ? std::string(Term(T::kQuorumNone, lang))
          : Term(res.quorum.met ? T::kQuorumMet : T::kQuorumNotMet, lang,
                 {quorum_value, Num(res.quorum.present)}));
  b.push_back(Fields(std::move(who)));

  b.push_back(TextBlock(sub, std::string(Term(T::kBallots, lang))));
  std::vector<std::pair<std::string, std::string>> slips;
  slips.emplace_back(Term(T::kIssued, lang), Num(r.Int(ballots, "issued", "ballots.issued")));
  slips.emplace_back(Term(T::kCast, lang), Num(r.Int(ballots, "cast", "ballots.cast")));
  slips.emplace_back(Term(T::kUnused, lang), Num(r.Int(ballots, "unused", "ballots.unused")));
  if (const auto blank = r.OptInt(ballots, "blank", "ballots.blank"))
    slips.emplace_back(Term(T::kBlank, lang), Num(*blank));
  b.push_back(Fields(std::move(slips)));

  // Counts, with each count's share of the rule's denominator.
  b.push_back(TextBlock(sub, std::string(Term(T::kCounts, lang))));
  for (const rules::Outcome& o : res.outcomes) {
    if (!rules::ReasonUses(o.reason.code, rules::ReasonField::kThreshold)) continue;
    const rules::ThresholdFacts& t = o.reason.threshold;
    b.push_back(TextBlock(
        BlockKind::kText,
        Term(T::kRuleLine, lang,
             {rules::RenderThreshold(t, lang),
              Num(rules::SmallestPassing(t.compare, t.fraction, t.of_count))})));
    break;
  }
  const std::string base = rules::RenderBase(res.denominator, res.denominator_value, lang);
  b.push_back(TextBlock(BlockKind::kText, Term(T::kShareOf, lang, {base})));
  // One person per row; with `share`, each count's share of the rule's
  // denominator (the counts of a voter class have no share: the rule
  // applies to the total).
  auto counts_table = [&](const json& counts, bool share) -> Result<Block> {
  Block table;
  table.kind = BlockKind::kTable;
  const std::vector<std::string>& options = rules::OptionNames(res.ballot);
  std::vector<std::string> header{std::string(Term(T::kName, lang))};
  const bool nominate = options.size() == 1 && options[0] == "votes";
  if (nominate) {
    header.push_back(std::string(Term(T::kVotes, lang)));
    if (share) {
      header.push_back(std::string(Term(T::kShare, lang)));
      table.widths = {0.5, 0.25, 0.25};
      table.numeric = {false, true, true};
    } else {
      table.widths = {0.6, 0.4};
      table.numeric = {false, true};
    }
  } else {
    table.widths.push_back(0.28);
    table.numeric.push_back(false);
    for (const auto& opt : options) {
      std::string label = rules::RenderOption(opt, lang);
      if (!label.empty()) label[0] = static_cast<char>(std::toupper(
                              static_cast<unsigned char>(label[0])));
      header.push_back(label);
      table.widths.push_back(0.72 / static_cast<double>(options.size()));
      table.numeric.push_back(true);
    }
  }
  table.rows.push_back(header);
  for (const auto& [name, value] : counts.items()) {
    std::vector<std::string> row{name};
    if (nominate) {
      std::int64_t n = 0;
      if (!Reader::CountIn(value, n))
        return Status::InvalidArgument(
            "these are not hall's minutes: counts of \"" + name +
            "\" is not " + kCountText);
      row.push_back(Num(n));
      if (share) row.push_back(Percent(n, res.denominator_value, lang));
    } else {
      for (const auto& opt : options) {
        std::int64_t n = 0;
        if (!value.is_object() || !value.contains(opt) ||
            !Reader::CountIn(value[opt], n))
          return Status::InvalidArgument(
              "these are not hall's minutes: counts of \"" + name +
              "\" has no whole number from 0 to 1000000000 for \"" + opt +
              "\"");
        row.push_back(share ? Num(n) + " (" +
                                  Percent(n, res.denominator_value, lang) + ")"
                            : Num(n));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
  };
  auto table = counts_table(j["counts"], true);
  if (!table.ok()) return table.status();
  b.push_back(std::move(*table));
  if (j.contains("voter_classes")) {
    if (Status st = ClassBlocks(j["voter_classes"], lang, counts_table, b);
        !st.ok())
      return st;
  }

  b.push_back(TextBlock(sub, std::string(Term(T::kOutcome, lang))));
  Block outcomes;
  outcomes.kind = BlockKind::kTable;
  outcomes.widths = {0.25, 0.17, 0.58};
  outcomes.rows.push_back({std::string(Term(T::kName, lang)),
                           std::string(Term(T::kStatus, lang)),
                           std::string(Term(T::kReason, lang))});
  for (const rules::Outcome& o : res.outcomes)
    outcomes.rows.push_back({o.candidate, std::string(Term(StatusTerm(o.status), lang)),
                             rules::RenderReason(o.reason, lang)});
  b.push_back(std::move(outcomes));
  if (!res.flags.empty()) {
    std::string notes = std::string(Term(T::kFlags, lang)) + ":";
    for (rules::Flag f : res.flags) notes += "\n• " + rules::RenderFlag(f, lang);
    b.push_back(TextBlock(BlockKind::kText, notes));
  }

  b.push_back(TextBlock(sub, std::string(Term(T::kVerification, lang))));
  std::vector<std::pair<std::string, std::string>> check;
  check.emplace_back(Term(T::kSealFingerprint, lang),
                     r.Str(j, "seal_fingerprint", "seal_fingerprint"));
  check.emplace_back(Term(T::kTemplateDigest, lang),
                     r.Str(j, "template_digest", "template_digest"));
  check.emplace_back(Term(T::kBallotBoxDigest, lang),
                     r.Str(j, "ballot_box_digest", "ballot_box_digest"));
  check.emplace_back(Term(T::kBoxKeyDigest, lang),
                     r.Str(j, "box_key_digest", "box_key_digest"));
  check.emplace_back(Term(T::kSealedAt, lang),
                     When(r.Str(j, "box_sealed_at", "box_sealed_at"), lang));
  if (const std::string opened = r.OptStr(j, "box_opened_at"); !opened.empty())
    check.emplace_back(Term(T::kOpenedAt, lang), When(opened, lang));
  check.emplace_back(Term(T::kClosedAt, lang),
                     When(r.Str(j, "box_closed_at", "box_closed_at"), lang));
  check.emplace_back(Term(T::kCountedAt, lang), When(c.counted_at, lang));
  std::string trustees;
  if (board.contains("trustees") && board["trustees"].is_array()) {
    for (const auto& t : board["trustees"])
      if (t.is_string())
        trustees += (trustees.empty() ? "" : ", ") + t.get<std::string>();
  }
  check.emplace_back(Term(T::kTrustees, lang), trustees);
  const std::string by = r.Str(board, "opened_by", "counting_board.opened_by");
  check.emplace_back(Term(T::kOpenedBy, lang),
                     by == "hall server" ? std::string(Term(T::kHallServer, lang))
                     : by.rfind("recipient ", 0) == 0
                         ? Term(T::kRecipient, lang, {by.substr(10)})
                         : by);
  Block verification = Fields(std::move(check));
  verification.label_share = 0.34;
  verification.small = true;
  b.push_back(std::move(verification));
  if (!r.status().ok()) return r.status();

  if (section) return c;
  b.push_back(TextBlock(BlockKind::kHeading, std::string(Term(T::kSignatures, lang))));
  Block sign;
  sign.kind = BlockKind::kSignatures;
  sign.hint = std::string(Term(T::kSignHint, lang));
  sign.roles.push_back(std::string(Term(T::kRoleHead, lang)));
  for (int i = 2; i < signers; ++i)
    sign.roles.push_back(std::string(Term(T::kRoleMember, lang)));
  if (signers >= 2) sign.roles.push_back(std::string(Term(T::kRoleSecretary, lang)));
  b.push_back(std::move(sign));
  return c;
}

}  // namespace

Result<Language> MeetingLanguage(std::string_view minutes) {
  Result<json> j = ParseMinutes(minutes);
  if (!j.ok()) return j.status();
  const json& step = (*j).value("step", json::object());
  return step.is_object() && step.contains("title_zh") ? Language::kZh
                                                       : Language::kVi;
}

Result<std::string> MinutesPdf(std::string_view minutes,
                               const MinutesPrint& print) {
  if (print.signers < 1 || print.signers > kMaxSigners)
    return Status::InvalidArgument(
        "the counting committee signs with 1 to " + Num(kMaxSigners) +
        " members, not " + Num(print.signers));
  if (print.digest.empty())
    return Status::InvalidArgument("the minutes' digest to print is missing");
  Result<json> j = ParseMinutes(minutes);
  if (!j.ok()) return j.status();
  Result<Language> meeting = MeetingLanguage(minutes);
  if (!meeting.ok()) return meeting.status();
  const Language lang = print.language.value_or(*meeting);
  Result<Content> content = Build(*j, lang, print.signers);
  if (!content.ok()) return content.status();
  DocumentSetup setup;
  setup.language = lang;
  setup.title = content->title;
  setup.created_at = content->counted_at;
  const std::string digest = print.digest;
  const T footer = print.digest_is_tally_request ? T::kFooterRequest : T::kFooter;
  setup.footer = [lang, digest, footer](int page, int pages) {
    return Term(footer, lang, {digest, Num(page), Num(pages)});
  };
  return RenderPdf(content->blocks, setup);
}

Result<std::string> MeetingMinutesPdf(const MeetingMinutes& m) {
  if (m.signers < 1 || m.signers > kMaxSigners)
    return Status::InvalidArgument("the minutes are signed by 1 to " +
                                   Num(kMaxSigners) + " people, not " +
                                   Num(m.signers));
  const Language lang =
      m.language.value_or(m.chinese_procedure ? Language::kZh : Language::kVi);
  std::vector<Block> b;
  if (m.rehearsal)
    b.push_back(TextBlock(BlockKind::kBanner, std::string(Term(T::kRehearsal, lang))));
  b.push_back(TextBlock(BlockKind::kSubtitle, m.meeting_title));
  b.push_back(TextBlock(BlockKind::kTitle, std::string(Term(T::kMeetingTitle, lang))));
  b.push_back(TextBlock(BlockKind::kGap, ""));
  std::vector<std::pair<std::string, std::string>> about;
  about.emplace_back(Term(T::kMeeting, lang), m.meeting_title);
  about.emplace_back(Term(T::kDate, lang),
                     m.meeting_date.empty() ? "—" : When(m.meeting_date, lang));
  about.emplace_back(Term(T::kProcedure, lang), m.procedure);
  about.emplace_back(Term(T::kConvenedCount, lang), Num(m.convened));
  about.emplace_back(Term(T::kPresentCount, lang), Num(m.present));
  b.push_back(Fields(std::move(about)));
  if (m.entries.empty())
    b.push_back(TextBlock(BlockKind::kText, std::string(Term(T::kNothingYet, lang))));
  for (const MeetingEntry& e : m.entries) {
    using K = MeetingEntry::Kind;
    if (e.kind == K::kMinutes) {
      Result<json> j = ParseMinutes(e.minutes);
      if (!j.ok()) return j.status().WithContext("round " + Num(e.round));
      Result<Content> c = Build(*j, lang, /*signers=*/0);
      if (!c.ok()) return c.status().WithContext("round " + Num(e.round));
      for (Block& blk : c->blocks) b.push_back(std::move(blk));
      b.push_back(Fields({{std::string(Term(T::kMinutesDigest, lang)), e.digest}}));
      b.back().small = true;
      continue;
    }
    if (e.kind == K::kStepRecord) {
      b.push_back(TextBlock(BlockKind::kHeading,
                            Term(T::kStepRecordTitle, lang, {e.step, e.step_title})));
      std::vector<std::pair<std::string, std::string>> rows;
      rows.emplace_back(Term(T::kRecordText, lang), e.text);
      for (const auto& [name, date] : e.dates)
        rows.emplace_back(std::string(Term(T::kRecordDates, lang)) + ": " + name,
                          When(date, lang));
      rows.emplace_back(Term(T::kRecordedAt, lang), When(e.at, lang));
      b.push_back(Fields(std::move(rows)));
      if (!e.documents.empty()) {
        std::string docs = std::string(Term(T::kRecordDocuments, lang)) + ":";
        for (const std::string& d : e.documents) docs += "\n• " + d;
        b.push_back(TextBlock(BlockKind::kText, docs));
      }
      continue;
    }
    b.push_back(TextBlock(BlockKind::kHeading,
                          Term(T::kRound, lang, {Num(e.round)}) + " · " +
                              Term(T::kStep, lang, {e.step, e.step_title})));
    const T what = e.kind == K::kSealed      ? T::kSealedEntry
                   : e.kind == K::kCancelled ? T::kCancelledEntry
                                             : T::kUnfinishedEntry;
    b.push_back(TextBlock(BlockKind::kText,
                          Term(what, lang, {e.kind == K::kSealed ? e.digest : e.text})));
  }
  b.push_back(TextBlock(BlockKind::kHeading, std::string(Term(T::kSignatures, lang))));
  Block sign;
  sign.kind = BlockKind::kSignatures;
  sign.hint = std::string(Term(T::kSignHint, lang));
  sign.roles.push_back(std::string(Term(T::kRoleChair, lang)));
  for (int i = 2; i < m.signers; ++i)
    sign.roles.push_back(std::string(Term(T::kRoleMember, lang)));
  if (m.signers >= 2) sign.roles.push_back(std::string(Term(T::kRoleSecretary, lang)));
  b.push_back(std::move(sign));
  DocumentSetup setup;
  setup.language = lang;
  setup.title = std::string(Term(T::kMeetingTitle, lang)) + " — " + m.meeting_title;
  setup.created_at = m.printed_at;
  setup.footer = [lang](int page, int pages) {
    return Term(T::kMeetingFooter, lang, {Num(page), Num(pages)});
  };
  return RenderPdf(b, setup);
}

}  // namespace hall::paper
