#pragma once
// `ropescope --bench-gui [--out FILE]`: measures, in the real window, what a person feels:
//   cold start     — process start (kernel's start time) to the first computed and painted study;
//   δ drag at 64k  — setParam(videorope.delta) → results back from the worker → the whole window
//                    repainted synchronously, repeated; p50/p95/max;
//   3D orbit       — a 100k-token study, camera azimuth +2° per frame, each frame rendered and
//                    painted synchronously; frames per second.
// Prints a JSON object (and writes it to FILE if given). Needs a display (xvfb-run -a).
#include <QString>

namespace rope::app {

class MainWindow;

int runGuiBenchmark(MainWindow& window, const QString& outPath);

/// Seconds since this process started, from /proc (covers dynamic loading before main()).
double secondsSinceProcessStart();

}  // namespace rope::app
