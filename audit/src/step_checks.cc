// The signed records of the steps without a ballot (hall-admin step record).
#include <map>
#include <set>

#include "auditor.h"
#include "hall/crypto/seal.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/record_format.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

void Auditor::CheckStepRecords() {
  if (!seal_ || !definition_ || !procedure_) return;
  const json& index = files_.index();
  const json listed = index.value("step_records", json::array());
  // The steps whose records must exist: every step without a ballot before
  // a balloted step whose box was opened.
  int latest_opened = -1;
  for (const json& r : index.value("rounds", json::array())) {
    const std::string state = r.value("state", "");
    if (state != "draft" && state != "sealed")
      latest_opened = std::max(latest_opened, rules::StageOf(r.value("step", "")));
  }
  std::map<std::string, std::vector<json>> by_step;
  for (const json& s : listed) by_step[s.value("step", "")].push_back(s);
  // Every file under steps/ is of a record listed.
  for (const auto& rel : files_.ListFiles()) {
    if (rel.rfind("steps/", 0) != 0) continue;
    const auto a = rel.find('/', 6);
    const auto b = a == std::string::npos ? a : rel.find('/', a + 1);
    const std::string step = rel.substr(6, a == std::string::npos ? 0 : a - 6);
    const std::string index_text =
        b == std::string::npos ? "" : rel.substr(a + 1, b - a - 1);
    const auto it = by_step.find(step);
    const bool listed_index =
        it != by_step.end() && !index_text.empty() &&
        index_text.find_first_not_of("0123456789") == std::string::npos &&
        index_text.size() < 6 && std::stoul(index_text) >= 1 &&
        std::stoul(index_text) <= it->second.size();
    if (!listed_index) {
      Begin(CheckKind::kStepRecords, "step " + (step.empty() ? "?" : step))
          .Fail(rel + " is of no step record record.json lists");
      return;
    }
  }
  for (const auto& [step, _] : by_step) {
    if (const rules::Step* s = procedure_->FindStep(step); s && s->ballot) {
      Begin(CheckKind::kStepRecords, "step " + step)
          .Fail("a record of step " + step + ", which has a ballot: only the "
                "steps without a ballot are recorded so");
    }
    if (!procedure_->FindStep(step)) {
      Begin(CheckKind::kStepRecords, "step " + step)
          .Fail("a record of step " + step + ", which " + procedure_->code +
                " does not have");
    }
  }
  for (const rules::Step& step : procedure_->steps) {
    if (step.ballot) continue;
    Open c = Begin(CheckKind::kStepRecords, "step " + step.id);
    const auto it = by_step.find(step.id);
    if (it == by_step.end()) {
      if (rules::StageOf(step.id) < latest_opened)
        c.Fail("step " + step.id + " has no record, yet a later step's box "
               "was opened");
      else
        c.NotApplicable("not recorded yet (no later step was opened)");
      continue;
    }
    std::string problem;
    std::uint32_t documents = 0;
    for (std::uint32_t i = 1; i <= it->second.size() && problem.empty(); ++i) {
      const auto bytes =
          files_.Read(record::StepRecordFile(step.id, i, record::kStepRecord));
      const auto sig =
          files_.Read(record::StepRecordFile(step.id, i, record::kStepRecordSig));
      if (!bytes || !sig) {
        problem = record::StepRecordFile(step.id, i, record::kStepRecord) +
                  " or its signature is missing";
        break;
      }
      auto signature = crypto::Signature::FromBytes(*sig);
      if (!signature.ok() ||
          !crypto::Verify(*seal_, crypto::SignatureType::kStepRecord, *bytes,
                          *signature)
               .ok()) {
        problem = "record " + std::to_string(i) +
                  " does not carry the seal's step-record signature";
        break;
      }
      auto s = shared::StepRecordStatement::Decode(*bytes);
      if (!s.ok()) {
        problem = "record " + std::to_string(i) + " does not decode";
        break;
      }
      if (s->installation != definition_->installation ||
          s->meeting_id != definition_->meeting_id ||
          s->procedure != procedure_->id || s->step != step.id ||
          s->index != i) {
        problem = "record " + std::to_string(i) +
                  " is signed for another meeting, step or place";
        break;
      }
      if (i == 1 && step.record_dates != rules::RecordDates::kNone) {
        if (Status d = shared::CheckStepRecordDates(step.record_dates, s->dates);
            !d.ok()) {
          problem = "record 1's dates: " + d.message();
          break;
        }
      }
      for (std::uint32_t d = 0; d < s->documents.size(); ++d) {
        const std::string rel = record::StepRecordFile(
            step.id, i, "document-" + std::to_string(d + 1));
        const auto doc = files_.Read(rel);
        if (!doc) {
          problem = rel + " (" + s->documents[d].name + ") is missing";
          break;
        }
        if (doc->size() != s->documents[d].size ||
            shared::DocumentDigest(*doc) != s->documents[d].digest) {
          problem = rel + " is not the document " + s->documents[d].name +
                    " the record signs";
          break;
        }
        ++documents;
      }
    }
    if (!problem.empty()) {
      c.Fail(problem);
    } else {
      c.Ok(std::to_string(it->second.size()) + " record(s) signed by the seal" +
           (documents ? ", " + std::to_string(documents) +
                            " attached document(s) with the digests signed"
                      : "") +
           (step.record_dates != rules::RecordDates::kNone
                ? "; the dates the step asks for are in order"
                : ""));
    }
  }
}

}  // namespace hall::audit
