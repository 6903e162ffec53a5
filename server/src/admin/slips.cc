#include "hall/server/admin/slips.h"

#include <string>

#include "hall/crypto/digest.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/secret.h"

namespace hall::server::admin {

paper::SlipSheet SheetOf(const shared::BallotTemplate& t,
                         const rules::Procedure* procedure,
                         const std::string& procedure_code,
                         const crypto::VerifyKey& seal,
                         const std::string& meeting_date, bool rehearsal,
                         const std::string& made_at) {
  paper::SlipSheet s;
  s.language = procedure != nullptr ? procedure->MeetingLanguage()
              : t.step_titles.count(rules::Language::kZh) ? rules::Language::kZh
                                                          : rules::Language::kVi;
  s.meeting_title = t.meeting_title;
  s.meeting_date = meeting_date;
  s.round = t.round_id;
  s.procedure = procedure_code;
  if (procedure != nullptr) {
    const std::string title = procedure->title.Get(rules::LanguageName(s.language));
    if (!title.empty()) s.procedure += " — " + title;
  }
  s.step = t.step;
  s.step_title = t.StepTitle(s.language);
  s.seal_fingerprint = crypto::Fingerprint(seal);
  const auto digest = t.Digest();
  s.template_digest = crypto::ToHex(digest);
  s.made_at = made_at;
  s.rehearsal = rehearsal;
  return s;
}

Status WriteSlips(const paper::SlipSheet& sheet,
                  const std::vector<crypto::CredentialCode>& codes,
                  NewFile& slips, NewFile* codes_file) {
  std::vector<std::string> texts;
  texts.reserve(codes.size());
  for (const auto& c : codes) texts.push_back(c.ToString());
  std::string pdf, list;
  auto wipe = [&] {
    for (auto& c : texts) crypto::Wipe(c.data(), c.size());
    crypto::Wipe(pdf.data(), pdf.size());
    crypto::Wipe(list.data(), list.size());
  };
  Status status = Status::Ok();
  try {
    Result<std::string> made = paper::SlipsPdf(sheet, texts);
    if (made.ok()) {
      pdf = std::move(*made);
      slips.Write(pdf);
      slips.Commit();
      if (codes_file) {
        list.reserve(texts.size() * 40);  // one buffer: no freed copies
        // With voter classes each line is "CODE<TAB>CLASS".
        for (std::size_t i = 0; i < texts.size(); ++i) {
          list += texts[i];
          if (i < sheet.code_classes.size())
            (list += '\t') += sheet.code_classes[i];
          list += '\n';
        }
        codes_file->Write(list);
        codes_file->Commit();
      }
    } else {
      status = made.status();
    }
  } catch (const Failure& f) {
    status = Status::Make(f.code, f.message);
  }
  wipe();
  return status;
}

}  // namespace hall::server::admin
