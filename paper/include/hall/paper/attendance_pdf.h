// The attendance of a meeting on paper: the sheet delegates sign at the
// door (danh sách đại biểu ký tên / 签到表), every person of the roll with
// a box for their signature; or the list of those checked in (danh sách
// đại biểu có mặt / 到会人员名单) with the count against the convened, for
// the secretary and the head of the counting committee to sign. In the
// meeting's language or English; the same sheet gives the same bytes.
#ifndef HALL_PAPER_ATTENDANCE_PDF_H_
#define HALL_PAPER_ATTENDANCE_PDF_H_

#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/language.h"

namespace hall::paper {

struct AttendancePerson {
  std::string id;
  std::string name;
  std::string group;
  bool present = false;
};

struct AttendanceSheet {
  rules::Language language = rules::Language::kVi;
  bool present_list = false;  // false: the sheet to sign at the door
  std::string meeting_title;
  std::string meeting_date;   // "YYYY-MM-DD"; "" not set
  std::string procedure;      // "P1 — ..."
  std::string printed_at;     // "YYYY-MM-DDThh:mm:ssZ": the PDF's dates
  bool rehearsal = false;
  std::vector<AttendancePerson> people;  // the roll, in the order to print
};

// The PDF; kInvalidArgument for an empty roll or text that cannot be
// printed, kFailedPrecondition when the Noto fonts are missing.
Result<std::string> AttendancePdf(const AttendanceSheet& sheet);

}  // namespace hall::paper

#endif  // HALL_PAPER_ATTENDANCE_PDF_H_
