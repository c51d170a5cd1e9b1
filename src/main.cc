#include "eddy/server/app.h"

int main(int argc, char** argv) { return eddy::run_app(argc, argv); }
