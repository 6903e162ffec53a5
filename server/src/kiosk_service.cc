#include "hall/server/kiosk_service.h"

#include "hall/server/minutes.h"
#include "hall/server/round_store.h"

namespace hall::server {
namespace {

using shared::ErrorCode;
using shared::MessageType;

net::Frame Reply(MessageType type, crypto::Bytes payload) {
  return net::Frame{static_cast<std::uint16_t>(type), std::move(payload)};
}

// The one place a Status code becomes the protocol's error code.
ErrorCode ProtocolCode(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return ErrorCode::kBadRequest;
    case StatusCode::kNotFound:
      return ErrorCode::kNotFound;
    case StatusCode::kFailedPrecondition:
      return ErrorCode::kWrongState;
    case StatusCode::kPermissionDenied:
      return ErrorCode::kRefused;
    case StatusCode::kAlreadyExists:
      return ErrorCode::kAlreadyUsed;
    case StatusCode::kUnavailable:
    case StatusCode::kCancelled:
      return ErrorCode::kUnavailable;
    case StatusCode::kOk:
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return ErrorCode::kInternal;
  }
  return ErrorCode::kInternal;
}

net::Frame Error(const Status& s) {
  return Reply(
      MessageType::kError,
      shared::ErrorMessage{ProtocolCode(s.code()), s.message()}.Encode());
}

}  // namespace

KioskService::KioskService(BallotBox& box, Database db)
    : box_(box), db_(std::move(db)) {}

shared::StatusResponse KioskService::CurrentStatus() {
  std::lock_guard lock(db_mutex_);
  shared::StatusResponse s;
  s.installation = Installation(db_);
  auto meeting_id = CurrentMeeting(db_);
  if (!meeting_id) return s;
  auto m = LoadMeeting(db_, *meeting_id);
  if (!m.ok()) return s;
  s.meeting_id = m->id;
  s.meeting_title = m->title;
  s.procedure = m->procedure;
  s.convened = m->convened;
  s.present = m->present;
  s.quorum_required = m->quorum_required;
  // The open round, else the latest round past its draft.
  auto q = db_.Prepare(
      "SELECT id FROM rounds WHERE meeting_id = ? AND state != 'draft' "
      "ORDER BY (state = 'open') DESC, id DESC LIMIT 1");
  q.Bind(1, static_cast<std::int64_t>(m->id));
  if (!q.Step()) return s;
  const auto round_id = static_cast<std::uint64_t>(q.Int(0));
  auto r = LoadRound(db_, round_id);
  auto t = LoadTemplate(db_, round_id);
  if (!r.ok() || !t.ok()) return s;
  // Turnout and quorum of this round's electorate and step: exactly what the
  // committee enforced when it sealed and opened it.
  if (auto e = LoadElectorate(db_, m->id, r->groups, r->step); e.ok()) {
    s.convened = e->convened;
    s.present = e->present;
    s.quorum_required = e->quorum_required;
  }
  shared::RoundStatus rs;
  rs.round_id = r->id;
  rs.step = r->step;
  rs.step_title_en = t->StepTitle(rules::Language::kEn);
  rs.step_title_vi = t->StepTitle(rules::Language::kVi);
  rs.state = std::string(RoundStateName(r->state));
  rs.disclosure = r->disclosure;
  rs.issued = r->issued;
  rs.cast = r->cast;
  rs.board_head = BoardHead(db_, r->id, t->Digest());
  rs.minutes_digest = r->minutes_digest;
  // Only what the seal signed as announced is ever shown in the hall.
  if (r->state == RoundState::kAnnounced && r->disclosure == "announced" &&
      t->disclosure == "announced") {
    auto minutes = MinutesText(db_, r->id, nullptr);
    if (minutes.ok())
      rs.announced_outcome = nlohmann::json::parse(*minutes)["outcome"].dump();
  }
  s.round = rs;
  return s;
}

net::Frame KioskService::Handle(const PeerInfo& /*peer*/,
                                const net::Frame& request) {
  switch (static_cast<MessageType>(request.type)) {
    case MessageType::kStatusRequest: {
      if (!shared::StatusRequest::Decode(request.payload).ok()) {
        return Error(Status::InvalidArgument("malformed status request"));
      }
      return Reply(MessageType::kStatusResponse, CurrentStatus().Encode());
    }
    case MessageType::kTemplateRequest: {
      auto req = shared::TemplateRequest::Decode(request.payload);
      if (!req.ok()) return Error(Status::InvalidArgument(req.message()));
      std::lock_guard lock(db_mutex_);
      auto t = LoadSignedTemplate(db_, req->round_id);
      if (!t.ok()) return Error(Status::NotFound(t.message()));
      return Reply(MessageType::kTemplateResponse,
                   shared::TemplateResponse{t->Encode()}.Encode());
    }
    case MessageType::kCastRequest: {
      auto req = shared::CastRequest::Decode(request.payload);
      if (!req.ok()) return Error(Status::InvalidArgument(req.message()));
      auto answer = box_.Cast(req->round_id, req->envelope);
      if (!answer.ok()) return Error(answer.status());
      return Reply(MessageType::kCastResponse, answer->Encode());
    }
    case MessageType::kInclusionRequest: {
      auto req = shared::InclusionRequest::Decode(request.payload);
      if (!req.ok()) return Error(Status::InvalidArgument(req.message()));
      auto answer = box_.Inclusion(req->round_id, req->tracking_code);
      if (!answer.ok()) return Error(answer.status());
      return Reply(MessageType::kInclusionResponse, answer->Encode());
    }
    default:
      return Error(Status::InvalidArgument("unknown message type " +
                                           std::to_string(request.type)));
  }
}

}  // namespace hall::server
