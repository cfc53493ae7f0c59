#pragma once
// `ropescope --bench-gui [FILE]`: measures, in the real window and through the normal event loop,
// what a person sees. A sample ends when the new picture has reached the screen: every 3D view
// has painted a frame (VtkView::framePresented) after it was given the new data, and the event
// loop has run again (the window's flush follows the paint in the same pass). Nothing is forced
// to repaint that the app would not repaint by itself.
//   cold start        — process start (kernel's start time) to the first composed frame showing
//                       computed results;
//   δ step at 64k     — setParam(videorope.delta) → worker → changed views updated → frame on
//                       screen (a typed value or a spin-box step); p50/p95/max. The views show a
//                       step at the light level of detail first and refine to every token 150 ms
//                       after the last step: full_detail_* times that second frame;
//   δ drag at 64k     — the same while the δ slider is held (MainWindow then keeps the 3D views
//                       at the light level until release, as a real drag does);
//   3D orbit at 100k  — two linked views of 102 528 tokens, camera azimuth +2° per frame, each
//                       frame on screen before the next: frames per second, with the level of
//                       detail a mouse drag uses (20k tokens per view) and at full detail.
// Prints a JSON object (and writes it atomically to FILE if given). Exit 1 if a frame does not
// arrive within 10 s (the report says which). Needs a display (xvfb-run -a).
#include <QString>

namespace rope::app {

class MainWindow;

int runGuiBenchmark(MainWindow& window, const QString& outPath);

/// Seconds since this process started, from /proc (covers dynamic loading before main()).
double secondsSinceProcessStart();

}  // namespace rope::app
