#include "hall/shared/minutes_document.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/shared/json_input.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"

namespace hall::shared {

rules::RoundInput RoundInputOf(
    const VerifiedTallyRequest& request,
    const std::vector<std::uint64_t>& counts,
    const std::optional<std::vector<std::string>>& previous) {
  const rules::Procedure& p = *request.procedure;
  const rules::Step& step = *request.step;
  const BallotTemplate& t = request.round.ballot_template;
  rules::RoundInput in;
  in.procedure = p.id;
  in.step = step.id;
  in.convened = static_cast<std::int64_t>(request.sealed.convened);
  in.present = static_cast<std::int64_t>(request.sealed.present.size());
  in.members = static_cast<std::int64_t>(request.definition.members);
  in.slots = static_cast<std::int64_t>(request.sealed.slots);
  in.candidates = t.persons;
  if (!request.sealed.head_nominee.empty())
    in.head_nominee = request.sealed.head_nominee;
  in.cast = static_cast<std::int64_t>(request.deciding_ballots());
  in.previous_selection = previous;
  if (rules::Date d; rules::ParseDate(request.definition.date, d)) in.date = d;
  const auto& options = rules::OptionNames(step.ballot);
  std::int64_t marked = 0;
  for (std::size_t person = 0; person < t.persons.size(); ++person) {
    rules::OptionCounts oc;
    for (std::size_t o = 0; o < options.size(); ++o) {
      const std::size_t at = person * options.size() + o;
      const auto v =
          static_cast<std::int64_t>(at < counts.size() ? counts[at] : 0);
      oc[options[o]] = v;
      marked += v;
    }
    in.counts[t.persons[person]] = oc;
  }
  if (step.ballot == crypto::BallotKind::kNominate) in.blank = in.cast - marked;
  return in;
}

namespace {

// Counts per person of one tally group, as "counts" writes them.
nlohmann::ordered_json CountsJson(const VerifiedTallyRequest& request,
                                  const std::vector<std::uint64_t>& counts) {
  const auto& options = rules::OptionNames(request.step->ballot);
  const bool nominate = request.step->ballot == crypto::BallotKind::kNominate;
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  const auto& persons = request.round.ballot_template.persons;
  for (std::size_t p = 0; p < persons.size(); ++p) {
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (std::size_t o = 0; o < options.size(); ++o) {
      const std::size_t at = p * options.size() + o;
      per[options[o]] = at < counts.size() ? counts[at] : 0;
    }
    out[persons[p]] = nominate ? per["votes"] : per;
  }
  return out;
}

const char* RoleName(VoterRole role) {
  return role == VoterRole::kDeciding ? "deciding" : "advisory";
}

// "voter_classes": each class with its codes and ballots, then each tally
// group with its classes and counts (or why it was not opened).
nlohmann::ordered_json ClassesJson(
    const VerifiedTallyRequest& request,
    const std::vector<std::vector<std::uint64_t>>& group_counts) {
  nlohmann::ordered_json classes = nlohmann::ordered_json::array();
  for (std::size_t c = 0; c < request.classes.size(); ++c) {
    const VoterClass& vc = request.classes[c];
    classes.push_back({{"class", vc.name},
                       {"role", RoleName(vc.role)},
                       {"issued", vc.issued},
                       {"cast", request.class_ballots[c]}});
  }
  nlohmann::ordered_json tallies = nlohmann::ordered_json::array();
  const std::uint64_t min = MinBallotsToOpen(*request.procedure);
  for (std::size_t g = 0; g < request.groups.size(); ++g) {
    const TallyGroup& tg = request.groups[g];
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (std::size_t c : tg.classes) names.push_back(request.classes[c].name);
    nlohmann::ordered_json t = {{"classes", names},
                                {"role", RoleName(tg.role)},
                                {"cast", tg.ballots}};
    if (tg.aggregate && g < group_counts.size()) {
      t["merged"] = tg.classes.size() > 1;
      t["counts"] = CountsJson(request, group_counts[g]);
      if (request.step->ballot == crypto::BallotKind::kNominate) {
        std::uint64_t marked = 0;
        for (std::uint64_t v : group_counts[g]) marked += v;
        t["blank"] = tg.ballots - std::min(marked, tg.ballots);
      }
    } else if (tg.ballots == 0) {
      t["not_opened"] = "no ballots";
    } else {
      t["not_opened"] = "fewer than " + std::to_string(min) +
                        " ballots: never decrypted on their own";
      t["min_ballots"] = min;
    }
    tallies.push_back(std::move(t));
  }
  return {{"classes", classes}, {"tallies", tallies}};
}

}  // namespace

std::string MinutesDocument(const VerifiedTallyRequest& request,
                            const rules::RoundInput& in,
                            const rules::RoundResult& outcome,
                            const MinutesContext& context,
                            const std::vector<std::uint32_t>& trustees,
                            const std::vector<std::vector<std::uint64_t>>&
                                group_counts) {
  const rules::Procedure& p = *request.procedure;
  const rules::Step& step = *request.step;
  const BallotTemplate& t = request.round.ballot_template;
  nlohmann::ordered_json j;
  j["format"] = "hall-minutes/1";
  if (request.definition.rehearsal) j["rehearsal"] = true;
  j["installation"] = t.installation;
  j["meeting"] = {{"id", t.meeting_id}, {"title", request.definition.title}};
  if (!request.definition.date.empty())
    j["meeting"]["date"] = request.definition.date;
  j["round"] = t.round_id;
  j["procedure"] = {
      {"id", p.id}, {"code", p.code}, {"title", p.title.Get("en")}};
  // The step's title as the sealed template carries it.
  j["step"] = {{"id", step.id},
               {"title", t.StepTitle(rules::Language::kEn)},
               {"title_vi", t.StepTitle(rules::Language::kVi)}};
  if (t.step_titles.contains(rules::Language::kZh))
    j["step"]["title_zh"] = t.StepTitle(rules::Language::kZh);
  j["electorate"] = {{"who", step.electorate.Get("en")},
                     {"convened", in.convened},
                     {"present", in.present},
                     {"members", request.definition.members}};
  // Unused: the slips the committee collects back or destroys, as on paper.
  const std::uint64_t issued = request.sealed.present.size();
  j["ballots"] = {{"issued", issued},
                  {"cast", in.cast},
                  {"unused", issued - static_cast<std::uint64_t>(in.cast)}};
  if (step.ballot == crypto::BallotKind::kNominate)
    j["ballots"]["blank"] = in.blank;
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (const auto& name : t.persons) {
    const auto& oc = in.counts.at(name);
    if (step.ballot == crypto::BallotKind::kNominate) {
      counts[name] = oc.at("votes");
    } else {
      nlohmann::ordered_json per = nlohmann::ordered_json::object();
      for (const auto& option : rules::OptionNames(step.ballot))
        per[option] = oc.at(option);
      counts[name] = per;
    }
  }
  j["counts"] = counts;
  if (request.has_classes())
    j["voter_classes"] = ClassesJson(request, group_counts);
  j["outcome"] =
      nlohmann::ordered_json::parse(rules::RoundResultToJson(outcome));
  if (request.sealed.compared_round != 0) {
    j["compared_with_round"] = request.sealed.compared_round;
    if (!in.previous_selection) {
      j["divergence"] =
          "checked where round " +
          std::to_string(request.sealed.compared_round) +
          " (sealed) is opened: hall-recipient open shows it";
    }
  }
  j["disclosure"] = rules::DisclosureName(step.disclosure);
  j["seal_fingerprint"] = crypto::Fingerprint(request.seal);
  j["template_digest"] = crypto::ToHex(t.Digest());
  j["ballot_box_digest"] = crypto::ToHex(request.closed.board_head);
  j["box_key_digest"] = crypto::ToHex(request.round.box_key.digest());
  j["box_sealed_at"] = request.sealed.sealed_at;
  if (!context.opened_at.empty()) j["box_opened_at"] = context.opened_at;
  j["box_closed_at"] = request.closed.closed_at;
  j["counted_at"] = context.counted_at;
  j["nonce"] = context.nonce;
  std::vector<std::string> names;
  for (std::uint32_t i : trustees) {
    auto it = context.trustee_names.find(i);
    names.push_back(it != context.trustee_names.end()
                        ? it->second
                        : "trustee " + std::to_string(i));
  }
  j["counting_board"] = {{"trustees", names},
                         {"opened_by", context.opened_by}};
  return j.dump(2);
}

std::vector<std::string> SelectionOf(const VerifiedTallyRequest& request,
                                     const rules::RoundResult& outcome) {
  std::set<std::string> going_on;
  for (const auto& o : outcome.outcomes) {
    if (o.status == rules::OutcomeStatus::kSelected ||
        o.status == rules::OutcomeStatus::kCarriedForward ||
        o.status == rules::OutcomeStatus::kNeedsDecision) {
      going_on.insert(o.candidate);
    }
  }
  std::vector<std::string> out;
  for (const auto& name : request.round.ballot_template.persons)
    if (going_on.count(name)) out.push_back(name);
  return out;
}

Result<std::vector<std::string>> GoingOnIn(const nlohmann::json& outcome) {
  if (!outcome.is_object() || !outcome.contains("outcomes") ||
      !outcome["outcomes"].is_array()) {
    return Status::InvalidArgument("holds no outcome");
  }
  std::vector<std::string> going_on;
  for (const auto& o : outcome["outcomes"]) {
    if (!o.is_object() || !o.contains("status") || !o["status"].is_string() ||
        !o.contains("candidate") || !o["candidate"].is_string()) {
      return Status::InvalidArgument("holds a damaged outcome");
    }
    const std::string status = o["status"];
    if (status == "selected" || status == "carried_forward" ||
        status == "needs_decision") {
      going_on.push_back(o["candidate"]);
    }
  }
  return going_on;
}

Result<std::vector<std::string>> SelectionInMinutes(std::string_view minutes,
                                                    std::uint64_t round) {
  const auto parsed = ParseJsonInput(minutes, "the text");
  if (!parsed.ok()) {
    return Status::InvalidArgument("holds no minutes of round " +
                                   std::to_string(round) + " (" +
                                   parsed.message() + ")");
  }
  const nlohmann::json& j = parsed.value();
  if (!j.is_object() || !j.contains("round") ||
      j["round"] != round || !j.contains("outcome")) {
    return Status::InvalidArgument("holds no minutes of round " +
                                   std::to_string(round));
  }
  auto going_on = GoingOnIn(j["outcome"]);
  if (!going_on.ok()) {
    return Status::InvalidArgument("holds damaged minutes of round " +
                                   std::to_string(round));
  }
  return going_on;
}

Result<std::pair<std::string, std::string>> MinutesTimeAndNonce(
    std::string_view minutes) {
  const auto parsed = ParseJsonInput(minutes, "the text");
  if (!parsed.ok()) {
    return Status::InvalidArgument("these are not minutes hall writes (" +
                                   parsed.message() + ")");
  }
  const nlohmann::json& j = parsed.value();
  if (!j.is_object() || !j.contains("counted_at") ||
      !j["counted_at"].is_string() || !j.contains("nonce") ||
      !j["nonce"].is_string()) {
    return Status::InvalidArgument("these are not minutes hall writes");
  }
  return std::make_pair(j["counted_at"].get<std::string>(),
                        j["nonce"].get<std::string>());
}

Result<OpenedRound> OpenRound(
    const VerifiedTallyRequest& request, const std::vector<PartialFile>& files,
    const crypto::BoxKey* recipient,
    const std::optional<std::vector<std::string>>& previous_selection,
    const MinutesContext& context) {
  auto combined = CombinePartialFiles(request, files, recipient);
  if (!combined.ok()) return combined.status();
  OpenedRound out;
  out.round_id = request.round.ballot_template.round_id;
  out.recipients = request.definition.recipients;
  out.input = RoundInputOf(request, combined->counts, previous_selection);
  rules::Step step = *request.step;
  if (!previous_selection && step.rule) step.rule->params.check_divergence = false;
  auto outcome = rules::Evaluate(*request.procedure, step, out.input);
  if (!outcome.ok()) {
    if (request.sealed_step()) {
      return Status::Internal(
          "the rules engine refused the tally of a sealed step; no minutes "
          "were written");
    }
    return Status::Internal("the rules engine refused the tally: " +
                            outcome.message());
  }
  out.outcome = std::move(outcome).value();
  std::vector<std::uint32_t> trustees;
  for (const auto& partial : combined->partials)
    trustees.push_back(partial.trustee);
  out.minutes = MinutesDocument(request, out.input, out.outcome, context,
                                trustees, combined->group_counts);
  out.combined = std::move(combined).value();
  return out;
}

Result<std::vector<PartialFile>> ClearPartialFiles(
    const Digest32& request_digest, std::span<const std::uint8_t> partials) {
  crypto::Decoder d(partials);
  std::uint32_t n = 0;
  const Status damaged =
      Status::Corruption("the round's partial decryptions are damaged");
  if (!d.U32(n) || n > 1000) return damaged;
  std::vector<PartialFile> files;
  for (std::uint32_t i = 0; i < n; ++i) {
    PartialFile f;
    f.request_digest = request_digest;
    f.form = PartialForm::kClear;
    if (!d.Var(f.partial)) return damaged;
    auto trustee = PartialTrustee(f.partial);
    if (!trustee.ok()) return damaged;
    f.trustee = *trustee;
    files.push_back(std::move(f));
  }
  if (!d.Done()) return damaged;
  return files;
}

Result<OpenedRound> OpenAsRecipient(const RoundToOpen& round,
                                    const std::optional<RoundToOpen>& compared,
                                    const std::string& seal_fingerprint,
                                    const crypto::BoxKey& key,
                                    const std::string& recipient_name) {
  auto request = VerifyTallyRequest(round.request, seal_fingerprint);
  if (!request.ok()) return request.status();
  const std::uint64_t compared_round = request->sealed.compared_round;
  std::optional<std::vector<std::string>> previous;
  MinutesContext context;
  context.opened_by = "recipient " + recipient_name;
  context.counted_at = request->closed.closed_at;
  const auto& names = request->definition.trustees;
  for (std::size_t i = 0; i < names.size(); ++i)
    context.trustee_names[static_cast<std::uint32_t>(i + 1)] = names[i];
  if (compared_round != 0) {
    if (!compared) {
      return Status::InvalidArgument(
          "round " + std::to_string(request->address().round_id) +
          " is compared with round " + std::to_string(compared_round) +
          ": give that round too");
    }
    auto earlier = VerifyTallyRequest(compared->request, seal_fingerprint);
    if (!earlier.ok()) return earlier.status();
    const auto a = request->address();
    const auto b = earlier->address();
    if (b.round_id != compared_round || b.meeting_id != a.meeting_id ||
        b.installation != a.installation) {
      return Status::InvalidArgument(
          "the compared round given is round " + std::to_string(b.round_id) +
          " of meeting " + std::to_string(b.meeting_id) + ", not round " +
          std::to_string(compared_round) + " of this meeting");
    }
    auto opened = OpenRound(*earlier, compared->files, &key, std::nullopt,
                            context);
    if (!opened.ok()) return opened.status();
    previous = SelectionOf(*earlier, opened->outcome);
  }
  return OpenRound(*request, round.files, &key, previous, context);
}

}  // namespace hall::shared
