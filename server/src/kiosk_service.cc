#include "hall/server/kiosk_service.h"

#include "hall/server/alert_store.h"
#include "hall/server/hall_status.h"
#include "hall/server/round_store.h"
#include "hall/server/spoiled_store.h"

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

KioskService::KioskService(BallotBox& box, Database db, Clock clock)
    : box_(box), db_(std::move(db)), clock_(std::move(clock)) {}

shared::StatusResponse KioskService::CurrentStatus() {
  std::lock_guard lock(db_mutex_);
  return HallStatus(db_, clock_);
}

net::Frame KioskService::Handle(const PeerInfo& peer,
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
    case MessageType::kAlertRequest: {
      auto req = shared::AlertRequest::Decode(request.payload);
      if (!req.ok()) return Error(Status::InvalidArgument(req.message()));
      std::lock_guard lock(db_mutex_);
      auto stored = StoreAlert(db_, peer.common_name, *req, clock_);
      if (!stored.ok()) return Error(stored.status());
      return Reply(MessageType::kAlertResponse,
                   shared::AlertResponse{}.Encode());
    }
    case MessageType::kSpoiledRequest: {
      auto req = shared::SpoiledRequest::Decode(request.payload);
      if (!req.ok()) return Error(Status::InvalidArgument(req.message()));
      std::lock_guard lock(db_mutex_);
      if (Status s = StoreSpoiled(db_, req->round_id, req->spoiled); !s.ok())
        return Error(s);
      return Reply(MessageType::kSpoiledResponse,
                   shared::SpoiledResponse{}.Encode());
    }
    default:
      return Error(Status::InvalidArgument("unknown message type " +
                                           std::to_string(request.type)));
  }
}

}  // namespace hall::server
