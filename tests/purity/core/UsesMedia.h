#pragma once
// Fixture: core/ including a header of media/, a layer above it.
#include "media/Frames.h"
