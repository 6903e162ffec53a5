// Present: the view-model of a KioskState, in the delegate's language (the
// hall display: the meeting's). Pure: no I/O, no clock (time comes in).
#ifndef HALL_KIOSK_SRC_PRESENT_H_
#define HALL_KIOSK_SRC_PRESENT_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "hall/kiosk/view_model.h"
#include "machine.h"

namespace hall::kiosk {

struct PresentContext {
  std::string committee;    // who sealed ("" : not shown)
  std::string fingerprint;  // the seal's fingerprint, as read aloud at init
  Lang meeting_language = Lang::kVi;
  int persons_per_page = 6;
  Clock::time_point now{};
  std::int64_t unix_now = 0;
  std::int64_t status_age_s = 0;  // since the server's last status came
};

ViewModel Present(const KioskState& state, const MachineOptions& options,
                  const PresentContext& context);
ViewModel PresentDisplay(const KioskState& state,
                         const PresentContext& context);

// The meeting's language: Chinese for a procedure written only in Chinese,
// else Vietnamese.
Lang MeetingLanguageOf(const std::string& procedure_id, Lang fallback);

// The code's printed groups: 4, 4, ..., then the rest.
std::vector<std::size_t> CodeGroupSizes();

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_PRESENT_H_
