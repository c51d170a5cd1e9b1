#include <clocale>

#include "eddy/server/app.h"

int main(int argc, char** argv) {
  // SORT ... ALPHA collates with strcoll(), in the collation of the environment, as Redis
  // does (it sets LC_COLLATE the same way at start-up).
  std::setlocale(LC_COLLATE, "");
  return eddy::run_app(argc, argv);
}
