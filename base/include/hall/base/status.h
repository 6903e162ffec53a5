// Status and Result<T>: how expected failures cross module boundaries in hall.
//
// A Status is either OK or carries a StatusCode (what a program branches on)
// and a message a person can act on ("what is wrong, and what to do"). Each
// code is translated exactly once at a program's edge: to the protocol's
// error code in the kiosk service, to an exit status in hall-admin and
// hall-trustee, to a screen in the kiosk. Nothing branches on the message.
//
// Result<T> holds either a value or a failed Status. Both are [[nodiscard]].
// Exceptions never cross a module boundary; a broken invariant aborts through
// HALL_CHECK, which is never compiled out.
#ifndef HALL_BASE_STATUS_H_
#define HALL_BASE_STATUS_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace hall {

// leveldb's and absl's vocabulary, cut to what hall's callers branch on.
enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or out of range: fix it
  kNotFound,            // no such meeting, round, file, tracking code
  kAlreadyExists,       // it exists already and will not be overwritten
  kFailedPrecondition,  // not now: something else must happen first
  kPermissionDenied,    // refused: wrong key, unknown or used credential
  kCorruption,          // stored or received data fails its check
  kUnavailable,         // try again: busy, connection lost, shutting down
  kCancelled,           // the caller stopped it
  kInternal,            // a bug or an environment failure (I/O, OpenSSL)
};

// "invalid argument", "not found", ... (stable; used in logs and --json).
std::string_view StatusCodeName(StatusCode code);

// The code for a failed system call's errno: ENOENT not found, EACCES and
// EPERM permission denied, EEXIST already exists, anything else internal.
StatusCode CodeForErrno(int err);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Make(StatusCode code, std::string message);
  static Status InvalidArgument(std::string m) {
    return Make(StatusCode::kInvalidArgument, std::move(m));
  }
  static Status NotFound(std::string m) {
    return Make(StatusCode::kNotFound, std::move(m));
  }
  static Status AlreadyExists(std::string m) {
    return Make(StatusCode::kAlreadyExists, std::move(m));
  }
  static Status FailedPrecondition(std::string m) {
    return Make(StatusCode::kFailedPrecondition, std::move(m));
  }
  static Status PermissionDenied(std::string m) {
    return Make(StatusCode::kPermissionDenied, std::move(m));
  }
  static Status Corruption(std::string m) {
    return Make(StatusCode::kCorruption, std::move(m));
  }
  static Status Unavailable(std::string m) {
    return Make(StatusCode::kUnavailable, std::move(m));
  }
  static Status Cancelled(std::string m) {
    return Make(StatusCode::kCancelled, std::move(m));
  }
  static Status Internal(std::string m) {
    return Make(StatusCode::kInternal, std::move(m));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsAlreadyExists() const { return code_ == StatusCode::kAlreadyExists; }
  bool IsFailedPrecondition() const {
    return code_ == StatusCode::kFailedPrecondition;
  }
  bool IsPermissionDenied() const {
    return code_ == StatusCode::kPermissionDenied;
  }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsUnavailable() const { return code_ == StatusCode::kUnavailable; }
  bool IsCancelled() const { return code_ == StatusCode::kCancelled; }
  bool IsInternal() const { return code_ == StatusCode::kInternal; }

  // The same code with `context` put before the message ("reading X: ...").
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) {
      std::fprintf(stderr, "hall: Result built from an OK status\n");
      std::abort();
    }
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  StatusCode code() const { return status_.code(); }
  const std::string& message() const { return status_.message(); }
  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }
  T& operator*() { return Checked(); }
  const T& operator*() const { return const_cast<Result*>(this)->Checked(); }

 private:
  T& Checked() {
    if (!value_) {
      std::fprintf(stderr, "hall: value() on a failed Result: %s\n",
                   status_.message().c_str());
      std::abort();
    }
    return *value_;
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace hall

#define HALL_CHECK(cond)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "hall: invariant broken at %s:%d: %s\n", __FILE__, \
                   __LINE__, #cond);                                       \
      std::abort();                                                        \
    }                                                                      \
  } while (0)

#endif  // HALL_BASE_STATUS_H_
