#include "FigureText.h"

#include <vtkTextProperty.h>

#include <filesystem>
#include <string>

#include "Colormap.h"

namespace rope::viz {
namespace {

const char* const kFontDir = "/usr/share/fonts/truetype/dejavu/";

// Path of a DejaVu face, or empty when it is not installed (checked once per face).
const std::string& dejaVu(bool bold, bool oblique) {
    static const auto find = [](const char* file) {
        const std::string path = std::string(kFontDir) + file;
        std::error_code ec;
        return std::filesystem::is_regular_file(path, ec) ? path : std::string();
    };
    static const std::string faces[4] = {find("DejaVuSans.ttf"), find("DejaVuSans-Bold.ttf"),
                                         find("DejaVuSans-Oblique.ttf"), find("DejaVuSans-BoldOblique.ttf")};
    return faces[(bold ? 1 : 0) + (oblique ? 2 : 0)];
}

}  // namespace

int fontPoints(TextRole role) {
    switch (role) {
        case TextRole::Title: return 15;
        case TextRole::AxisTitle: return 14;
        case TextRole::TickLabel: return 11;
        case TextRole::Legend: return 12;
    }
    return 12;
}

void styleText(vtkTextProperty* p, TextRole role) {
    const bool bold = role == TextRole::Title;
    const bool oblique = role == TextRole::AxisTitle;  // axis names are symbols: t, h, w
    p->SetFontSize(fontPoints(role));
    p->SetColor(kInkColor[0], kInkColor[1], kInkColor[2]);
    p->SetOpacity(1.0);
    p->ShadowOff();
    p->FrameOff();
    p->SetBackgroundOpacity(0.0);
    const std::string& file = dejaVu(bold, oblique);
    if (!file.empty()) {
        p->SetFontFamily(VTK_FONT_FILE);
        p->SetFontFile(file.c_str());
        p->BoldOff();
        p->ItalicOff();
    } else {
        p->SetFontFamilyToArial();
        p->SetBold(bold);
        p->SetItalic(oblique);
    }
}

}  // namespace rope::viz
