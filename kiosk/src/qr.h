// A QR code's modules for a short text (the receipt's tracking code), from
// libqrencode.
#ifndef HALL_KIOSK_SRC_QR_H_
#define HALL_KIOSK_SRC_QR_H_

#include <cstdint>
#include <string>
#include <vector>

namespace hall::kiosk {

struct QrMatrix {
  int size = 0;                       // modules per side; 0: none
  std::vector<std::uint8_t> modules;  // size * size, row by row, 1 = dark
};

QrMatrix QrOf(const std::string& text);

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_QR_H_
