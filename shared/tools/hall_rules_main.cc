#include <iostream>

#include "rules_command.h"

int main(int argc, char** argv) {
  return hall::rules::RunRulesCommand(argc, argv, std::cin, std::cout, std::cerr);
}
