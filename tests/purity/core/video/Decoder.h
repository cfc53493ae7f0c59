#pragma once
// Fixture: an OpenCV include in core/video/, once an exempt folder.
#include <opencv2/core.hpp>
