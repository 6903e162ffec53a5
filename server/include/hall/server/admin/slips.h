// The ballot-code slips of a sealed round as a PDF (paper/slips_pdf.h),
// written where the codes are made: the committee console, or hall-admin
// in a rehearsal. The codes are as secret as ballots: the PDF is meant
// only for the printer, and every copy made here is wiped once written.
#ifndef HALL_SERVER_ADMIN_SLIPS_H_
#define HALL_SERVER_ADMIN_SLIPS_H_

#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/signing_key.h"
#include "hall/paper/slips_pdf.h"
#include "hall/server/admin/cli.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/procedure.h"

namespace hall::server::admin {

// What the slips of a sealed round say: from its signed template, its
// procedure (nullptr: only `procedure_code` is known), the seal, the
// meeting's date ("" not set) and whether the meeting is a rehearsal.
// In the meeting's language: Chinese where the step has a Chinese title,
// else Vietnamese.
paper::SlipSheet SheetOf(const shared::BallotTemplate& t,
                         const rules::Procedure* procedure,
                         const std::string& procedure_code,
                         const crypto::VerifyKey& seal,
                         const std::string& meeting_date, bool rehearsal,
                         const std::string& made_at);

// Writes the PDF of `codes` into `slips` (and one code per line into
// `codes_file` when given), syncs both and wipes the texts it made. Fails
// with the file's error; the caller's codes are not wiped.
Status WriteSlips(const paper::SlipSheet& sheet,
                  const std::vector<crypto::CredentialCode>& codes,
                  NewFile& slips, NewFile* codes_file);

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_SLIPS_H_
