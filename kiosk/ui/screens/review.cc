#include "../screens.h"

namespace hall::kiosk::ui {

void DrawChoiceRows(const std::vector<ReviewRowVm>& rows, Frame& f, int& page,
                    float height, const Button* /*unused*/,
                    const std::string& id_prefix) {
  const float x0 = f.mm(8);
  const float width = f.size().x - 2 * x0;
  const float row_h = f.min_target() + f.gap();
  const bool with_change = !rows.empty() && !rows[0].change.id.empty();
  // Two columns of rows; pages when they do not fit.
  const int per_column = std::max(1, static_cast<int>((height - row_h) / row_h));
  const int per_page = per_column * 2;
  const int pages =
      std::max(1, (static_cast<int>(rows.size()) + per_page - 1) / per_page);
  page = std::clamp(page, 0, pages - 1);
  const float col_w = (width - f.mm(8)) / 2;
  const float top = ImGui::GetCursorPosY();
  const int first = page * per_page;
  const int last = std::min(static_cast<int>(rows.size()), first + per_page);
  for (int i = first; i < last; ++i) {
    const int k = i - first;
    const float cx = x0 + (k / per_column) * (col_w + f.mm(8));
    const float cy = top + static_cast<float>(k % per_column) * row_h;
    const ReviewRowVm& r = rows[static_cast<std::size_t>(i)];
    ImVec2 change_size(0, 0);
    if (with_change) change_size = f.ButtonSize(r.change, f.mm(26));
    const float text_w = col_w - change_size.x - f.gap();
    ImGui::SetCursorPos(ImVec2(cx, cy + f.mm(1)));
    f.Text(r.name, f.fonts().bold, nullptr, text_w * 0.55f);
    ImGui::SetCursorPos(ImVec2(cx + text_w * 0.57f, cy + f.mm(1)));
    f.Text(r.choice, nullptr, &f.palette().primary, text_w * 0.43f);
    if (with_change) {
      ImGui::SetCursorPos(ImVec2(cx + col_w - change_size.x, cy));
      f.TouchButton(r.change, change_size);
    }
  }
  ImGui::SetCursorPos(
      ImVec2(x0, top + static_cast<float>(std::min(per_column,
                                                   last - first)) * row_h));
  if (pages > 1) {
    Button prev{id_prefix + "page-prev", "←", page > 0, false, false, {}};
    Button next{id_prefix + "page-next", "→", page + 1 < pages, false, false,
                {}};
    if (f.TouchButton(prev, ImVec2(f.mm(30), f.min_target()))) --page;
    ImGui::SameLine(0, f.gap());
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + f.mm(4));
    f.Text(std::to_string(page + 1) + " / " + std::to_string(pages), nullptr,
           nullptr, f.mm(30));
    ImGui::SameLine(0, f.gap());
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - f.mm(4));
    if (f.TouchButton(next, ImVec2(f.mm(30), f.min_target()))) ++page;
  }
}

void DrawReview(const ReviewVm& vm, Frame& f, UiState& ui) {
  const float x0 = f.mm(8);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.heading, f.fonts().heading);
  ImGui::Dummy(ImVec2(0, f.mm(2)));
  const float bottom_bar = f.min_target() + f.mm(20);
  const float height =
      f.size().y - ImGui::GetCursorPosY() - bottom_bar - f.min_target();
  DrawChoiceRows(vm.rows, f, ui.review_page, height, nullptr, "review-");
  const float bar_y = f.size().y - f.min_target() - f.mm(16);
  if (!vm.status.empty() || !vm.digest.empty()) {
    ImGui::SetCursorPos(ImVec2(x0, bar_y - f.mm(12)));
    f.Text(vm.status.empty() ? vm.digest : vm.status,
           vm.status.empty() ? nullptr : f.fonts().bold, &f.palette().muted);
  }
  ImGui::SetCursorPos(ImVec2(x0, bar_y));
  f.TouchButton(vm.back, f.ButtonSize(vm.back, f.mm(36)));
  const ImVec2 cast = f.ButtonSize(vm.cast, f.mm(80));
  const ImVec2 check = f.ButtonSize(vm.challenge, f.mm(60));
  ImGui::SameLine(f.size().x - x0 - cast.x - check.x - f.mm(10));
  f.TouchButton(vm.challenge, check);
  ImGui::SameLine(0, f.mm(10));
  f.TouchButton(vm.cast, cast);
}

}  // namespace hall::kiosk::ui
