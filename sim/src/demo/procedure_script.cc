#include "hall/sim/demo/procedure_script.h"

#include <algorithm>
#include <cctype>

namespace hall::sim::demo {
namespace {

using crypto::Mark;
using Marks = std::vector<std::vector<Mark>>;

// `n` copies of `marks`, appended to `to`.
void Add(Marks& to, std::size_t n, std::vector<Mark> marks) {
  to.insert(to.end(), n, marks);
}

RollEntry Absent(RollEntry e) {
  e.present = false;
  return e;
}

// P1: 30 convened in five groups; 7 form the leadership collective; U8
// and D6 absent. The scripted marks tell the README's story: step 2 carries
// An and Bình forward (nobody has more than half of the 20), step 3 carries
// them both on (3 and 3 of 7), step 4 is the confidence vote on both,
// step 5 appoints Bình (5 agree of 7; the head nominated Bình).
ProcedureScript P1() {
  ProcedureScript p;
  p.code = "P1";
  p.meeting_title =
      "Bổ nhiệm Phó Giám đốc Sở (demo) — appointment of a deputy director";
  p.members = 7;
  p.roll = {
      {"L1", "Nguyễn Văn Hùng", "leadership"},
      {"L2", "Trần Thị Lan", "leadership"},
      {"L3", "Lê Quang Minh", "leadership"},
      {"L4", "Phạm Thu Hương", "leadership"},
      {"L5", "Hoàng Văn Nam", "leadership"},
      {"L6", "Vũ Thị Ngọc", "leadership"},
      {"L7", "Đặng Minh Tuấn", "leadership"},
      {"C1", "Bùi Văn Khoa", "party_committee"},
      {"C2", "Đỗ Thị Hạnh", "party_committee"},
      {"C3", "Hồ Văn Phúc", "party_committee"},
      {"C4", "Ngô Thị Mai", "party_committee"},
      {"C5", "Dương Văn Tài", "party_committee"},
      {"U1", "Lý Thị Thu", "unit_heads"},
      {"U2", "Trịnh Văn Sơn", "unit_heads"},
      {"U3", "Mai Thị Yến", "unit_heads"},
      {"U4", "Tô Văn Bảo", "unit_heads"},
      {"U5", "Cao Thị Nhung", "unit_heads"},
      {"U6", "Lương Văn Đức", "unit_heads"},
      {"U7", "Phan Thị Hoa", "unit_heads"},
      Absent({"U8", "Võ Văn Thắng", "unit_heads"}),
      {"D1", "Trương Thị Kim", "unit_deputies"},
      {"D2", "Đinh Văn Lộc", "unit_deputies"},
      {"D3", "Hà Thị Vân", "unit_deputies"},
      {"D4", "Kiều Văn Toàn", "unit_deputies"},
      {"D5", "Quách Thị Liên", "unit_deputies"},
      Absent({"D6", "Lâm Văn Hải", "unit_deputies"}),
      {"S1", "Tạ Thị Phương", "mass_organisations"},
      {"S2", "Mạc Văn Cường", "mass_organisations"},
      {"S3", "Châu Thị Diệp", "mass_organisations"},
      {"S4", "Khúc Văn Thành", "mass_organisations"},
  };
  p.candidates = {"Nguyễn Thị An", "Trần Văn Bình", "Lê Thị Châu",
                  "Phạm Văn Dũng"};
  const Mark an = 0, binh = 1, chau = 2, none = std::nullopt;
  const Mark agree = 0, disagree = 1, abstain = 2;

  ScriptStep s2;
  s2.step = "2";
  s2.title = "extended conference nominates";
  s2.groups = {"leadership", "party_committee", "unit_heads"};
  s2.persons = p.candidates;
  Add(s2.scripted, 9, {an});
  Add(s2.scripted, 6, {binh});
  Add(s2.scripted, 3, {chau});
  Add(s2.scripted, 1, {none});

  ScriptStep s3;
  s3.step = "3";
  s3.title = "leadership collective nominates";
  s3.groups = {"leadership"};
  s3.persons = p.candidates;
  s3.compare_with = "2";
  Add(s3.scripted, 3, {binh});
  Add(s3.scripted, 3, {an});
  Add(s3.scripted, 1, {chau});

  // Persons on step 4's ballot: An, Bình (step 3's order).
  ScriptStep s4;
  s4.step = "4";
  s4.title = "key officials conference: confidence vote";
  s4.carry_from = "3";
  Add(s4.scripted, 12, {agree, agree});
  Add(s4.scripted, 9, {disagree, agree});
  Add(s4.scripted, 4, {disagree, disagree});
  Add(s4.scripted, 1, {none, disagree});
  Add(s4.scripted, 2, {none, none});

  ScriptStep s5;
  s5.step = "5";
  s5.title = "leadership collective votes on the appointment";
  s5.groups = {"leadership"};
  s5.persons_of = "4";
  s5.head_nominee = "Trần Văn Bình";
  Add(s5.scripted, 2, {agree, agree});
  Add(s5.scripted, 3, {disagree, agree});
  Add(s5.scripted, 1, {abstain, disagree});
  Add(s5.scripted, 1, {disagree, abstain});
  p.steps = {s2, s3, s4, s5};
  return p;
}

// A department of 14: 5 leaders, 2 of its party committee, 7 staff (one
// absent).
std::vector<RollEntry> DepartmentRoll() {
  return {
      {"L1", "Nguyễn Văn Hải", "leadership"},
      {"L2", "Trần Thị Hoa", "leadership"},
      {"L3", "Lê Văn Khánh", "leadership"},
      {"L4", "Phạm Thị Lệ", "leadership"},
      {"L5", "Hoàng Văn Long", "leadership"},
      {"C1", "Vũ Thị Mận", "party_committee"},
      {"C2", "Đặng Văn Nghĩa", "party_committee"},
      {"S1", "Bùi Thị Oanh", "staff"},
      {"S2", "Đỗ Văn Phong", "staff"},
      {"S3", "Hồ Thị Quyên", "staff"},
      {"S4", "Ngô Văn Sang", "staff"},
      {"S5", "Dương Thị Tâm", "staff"},
      {"S6", "Lý Văn Uy", "staff"},
      Absent({"S7", "Mai Thị Vinh", "staff"}),
  };
}

ProcedureScript P2() {
  ProcedureScript p;
  p.code = "P2";
  p.meeting_title = "Quy hoạch nhiệm kỳ tới (demo) — next-term plan";
  p.members = 7;
  p.roll = DepartmentRoll();
  p.candidates = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh",
                  "Phan Thị Dung", "Võ Văn Em"};
  ScriptStep s2;
  s2.step = "2";
  s2.title = "staff conference recommends from the source list";
  s2.persons = p.candidates;
  ScriptStep s3;
  s3.step = "3";
  s3.title = "leadership collective and party committee select";
  s3.groups = {"leadership", "party_committee"};
  s3.carry_from = "2";
  s3.slots = 2;
  p.steps = {s2, s3};
  return p;
}

ProcedureScript P3() {
  ProcedureScript p;
  p.code = "P3";
  p.meeting_title = "Rà soát quy hoạch hằng năm (demo) — annual plan review";
  p.members = 7;
  p.roll = DepartmentRoll();
  p.candidates = {"Cao Văn An",    "Tô Thị Bích", "Lương Văn Cảnh",
                  "Phan Thị Dung", "Võ Văn Em",   "Trương Thị Giang"};
  ScriptStep s1a;
  s1a.step = "1a";
  s1a.title = "staff conference: remove from the plan?";
  s1a.persons = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh"};
  ScriptStep s1b;
  s1b.step = "1b";
  s1b.title = "staff conference recommends new candidates";
  s1b.persons = {"Phan Thị Dung", "Võ Văn Em", "Trương Thị Giang"};
  ScriptStep s2;
  s2.step = "2";
  s2.title = "leadership collective and party committee select";
  s2.groups = {"leadership", "party_committee"};
  s2.carry_from = "1b";
  s2.persons = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh"};
  s2.slots = 3;
  p.steps = {s1a, s1b, s2};
  return p;
}

ProcedureScript P4() {
  ProcedureScript p;
  p.code = "P4";
  p.meeting_title =
      "Quy hoạch nguồn từ nơi khác (demo) — planning with people from "
      "elsewhere";
  p.members = 7;
  p.roll = DepartmentRoll();
  p.roll.resize(7);  // the leadership collective and its party committee
  p.candidates = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh",
                  "Phan Thị Dung"};
  ScriptStep s4;
  s4.step = "4";
  s4.title = "leadership collective and party committee select (2nd sitting)";
  s4.persons = p.candidates;
  s4.slots = 2;
  p.steps = {s4};
  return p;
}

// 5 leaders and 7 key officials (one absent).
ProcedureScript P5() {
  ProcedureScript p;
  p.code = "P5";
  p.meeting_title = "Lấy phiếu tín nhiệm (demo) — confidence vote";
  p.members = 5;
  p.roll = {
      {"L1", "Nguyễn Văn Hải", "leadership"},
      {"L2", "Trần Thị Hoa", "leadership"},
      {"L3", "Lê Văn Khánh", "leadership"},
      {"L4", "Phạm Thị Lệ", "leadership"},
      {"L5", "Hoàng Văn Long", "leadership"},
      {"K1", "Vũ Thị Mận", "key_officials"},
      {"K2", "Đặng Văn Nghĩa", "key_officials"},
      {"K3", "Bùi Thị Oanh", "key_officials"},
      {"K4", "Đỗ Văn Phong", "key_officials"},
      {"K5", "Hồ Thị Quyên", "key_officials"},
      {"K6", "Ngô Văn Sang", "key_officials"},
      Absent({"K7", "Dương Thị Tâm", "key_officials"}),
  };
  p.candidates = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh",
                  "Phan Thị Dung", "Võ Văn Em"};
  ScriptStep s2;
  s2.step = "2";
  s2.title = "key officials conference: new appointment, one post";
  s2.persons = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh"};
  ScriptStep s2r;
  s2r.step = "2r";
  s2r.title = "key officials conference: re-appointment";
  s2r.persons = {"Phan Thị Dung", "Võ Văn Em"};
  ScriptStep s4;
  s4.step = "4";
  s4.title = "leadership collective decides (3rd sitting)";
  s4.groups = {"leadership"};
  s4.persons_of = "2";
  p.steps = {s2, s2r, s4};
  return p;
}

// 5 leaders, 4 key officials, 4 of the party executive committee.
ProcedureScript P6() {
  ProcedureScript p;
  p.code = "P6";
  p.meeting_title =
      "Rà soát quy hoạch theo Hướng dẫn 06 (demo) — annual review";
  p.members = 5;
  p.roll = {
      {"L1", "Nguyễn Văn Hải", "leadership"},
      {"L2", "Trần Thị Hoa", "leadership"},
      {"L3", "Lê Văn Khánh", "leadership"},
      {"L4", "Phạm Thị Lệ", "leadership"},
      {"L5", "Hoàng Văn Long", "leadership"},
      {"K1", "Vũ Thị Mận", "key_officials"},
      {"K2", "Đặng Văn Nghĩa", "key_officials"},
      {"K3", "Bùi Thị Oanh", "key_officials"},
      {"K4", "Đỗ Văn Phong", "key_officials"},
      {"E1", "Hồ Thị Quyên", "party_executive"},
      {"E2", "Ngô Văn Sang", "party_executive"},
      {"E3", "Dương Thị Tâm", "party_executive"},
      Absent({"E4", "Lý Văn Uy", "party_executive"}),
  };
  p.candidates = {"Cao Văn An", "Tô Thị Bích", "Lương Văn Cảnh",
                  "Phan Thị Dung", "Võ Văn Em"};
  const std::vector<std::string> additions = {"Lương Văn Cảnh", "Phan Thị Dung",
                                              "Võ Văn Em"};
  ScriptStep s1;
  s1.step = "1";
  s1.title = "leadership collective: remove from the plan?";
  s1.groups = {"leadership"};
  s1.persons = {"Cao Văn An", "Tô Thị Bích"};
  ScriptStep s2;
  s2.step = "2";
  s2.title = "key officials conference on the proposed additions";
  s2.groups = {"leadership", "key_officials"};
  s2.persons = additions;
  ScriptStep s3;
  s3.step = "3";
  s3.title = "party executive committee (extended leadership)";
  s3.groups = {"leadership", "party_executive"};
  s3.persons = additions;
  ScriptStep s4;
  s4.step = "4";
  s4.title = "leadership collective adds to the plan";
  s4.groups = {"leadership"};
  s4.persons = additions;
  s4.slots = 2;
  p.steps = {s1, s2, s3, s4};
  return p;
}

// A county: 5 standing committee members (the leadership members of step
// 1), 4 middle managers, 3 heads of subordinate units, 3 others, and 3
// county leaders who attend the standing committee's vote (B ballots).
ProcedureScript P7() {
  ProcedureScript p;
  p.code = "P7";
  p.meeting_title = "科级干部选拔任用（演示） — section-level cadre selection";
  p.members = 5;
  p.roll = {
      {"S1", "王建国", "standing_committee"},
      {"S2", "李秀英", "standing_committee"},
      {"S3", "张伟", "standing_committee"},
      {"S4", "刘洋", "standing_committee"},
      {"S5", "陈静", "standing_committee"},
      {"M1", "杨帆", "middle_managers"},
      {"M2", "赵磊", "middle_managers"},
      {"M3", "黄丽", "middle_managers"},
      {"M4", "周强", "middle_managers"},
      {"U1", "吴敏", "unit_heads"},
      {"U2", "徐军", "unit_heads"},
      {"U3", "孙芳", "unit_heads"},
      {"O1", "马超", "others"},
      {"O2", "朱红", "others"},
      Absent({"O3", "胡斌", "others"}),
      {"L1", "钱进", "attending_leaders"},
      {"L2", "郭梅", "attending_leaders"},
      {"L3", "罗刚", "attending_leaders"},
  };
  p.candidates = {"郑明", "何丽华", "高峰", "林晓"};
  ScriptStep s1;
  s1.step = "1";
  s1.title = "democratic recommendation (民主推荐), one post";
  s1.persons = p.candidates;
  s1.groups = {"standing_committee", "middle_managers", "unit_heads",
               "others"};
  // Tallied per voter group; "others" (2 present) is fewer than a box
  // opens with and is tallied together with the unit heads.
  s1.tally_by_group = true;
  ScriptStep s2;
  s2.step = "2";
  s2.title = "democratic evaluation (民主测评) of the inspection candidates";
  s2.persons = {"郑明", "何丽华"};
  s2.groups = s1.groups;
  ScriptStep s3;
  s3.step = "3";
  s3.title = "standing committee vote (常委会票决), 1 post, 2 candidates";
  s3.groups = {"standing_committee"};
  s3.persons = {"郑明", "何丽华"};
  // The attending county leaders (列席) vote B ballots: counted, recorded,
  // deciding nothing.
  s3.advisory_groups = {"attending_leaders"};
  s3.deferred_first =
      "核查中发现需进一步了解的情况，暂缓表决 (a matter to look into was "
      "found before the vote)";
  ScriptStep s3r;
  s3r.step = "3r";
  s3r.title = "reconsideration (复议) of the standing committee's decisions";
  s3r.groups = {"standing_committee"};
  s3r.persons = {"郑明", "何丽华"};
  p.steps = {s1, s2, s3, s3r};
  p.record_dates = {{"publicity_start", "2027-02-15"},
                    {"publicity_end", "2027-02-21"},
                    {"talk", "2027-02-24"},
                    {"trial_start", "2027-03-01"},
                    {"trial_end", "2028-03-01"}};
  return p;
}

const std::vector<ProcedureScript>& Scripts() {
  static const std::vector<ProcedureScript> all = {P1(), P2(), P3(), P4(),
                                                   P5(), P6(), P7()};
  return all;
}

}  // namespace

const ProcedureScript* FindScript(const std::string& code) {
  std::string upper = code;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  for (const auto& s : Scripts())
    if (s.code == upper) return &s;
  return nullptr;
}

std::string ScriptCodes() {
  std::string s;
  for (const auto& p : Scripts()) s += (s.empty() ? "" : ", ") + p.code;
  return s;
}

}  // namespace hall::sim::demo
