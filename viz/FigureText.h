#pragma once
// Text styles of RoPEScope figures (titles, axis titles, tick labels, legends), one place so
// every scene reads the same. Sizes are points: VTK turns them into pixels with the window's DPI
// (72 × devicePixelRatio on screen, 72 × scale offscreen), so text keeps its proportion.
//
// Font: DejaVu Sans when installed (Debian's fonts-dejavu-core, nearly always present), because
// VTK's built-in Arial has no Greek — a title like "VideoRoPE (δ = 2)" would lose its δ.
// Without DejaVu, VTK's built-in Arial is used.
class vtkTextProperty;

namespace rope::viz {

enum class TextRole { Title, AxisTitle, TickLabel, Legend };

/// Sets font, size, weight, slant and colour (ink) of `p` for `role`; justification is left to
/// the caller.
void styleText(vtkTextProperty* p, TextRole role);

/// Font size of a role in points.
int fontPoints(TextRole role);

}  // namespace rope::viz
