#include "Presets.h"

#include <QDir>
#include <QFile>
#include <nlohmann/json.hpp>

#include "core/Errors.h"

namespace rope::figures {
namespace {

using nlohmann::json;

const QString kPresetDir = QStringLiteral(":/ropescope/presets");

json readPreset(const std::string& name) {
    QFile f(kPresetDir + QLatin1Char('/') + QString::fromStdString(name) + QStringLiteral(".json"));
    if (!f.open(QIODevice::ReadOnly)) {
        std::string names;
        for (const PresetInfo& p : presetList()) names += (names.empty() ? "" : ", ") + p.name;
        throw InvalidParameter("--preset", name, "is not a preset; presets are " + names);
    }
    try {
        return json::parse(f.readAll().toStdString());
    } catch (const json::exception& e) {
        throw BadFile("preset " + name + ": " + e.what());
    }
}

Study presetStudy(const json& study, const std::string& source) {
    json variants = study.value("variants", json::array());
    if (!variants.is_array() || variants.empty()) throw BadFile(source + ": study has no \"variants\"");
    Study out;
    for (size_t first = 0; first < variants.size(); first += kMaxColumns) {
        json part = study;
        part["variants"] = json::array();
        for (size_t i = first; i < std::min(variants.size(), first + kMaxColumns); ++i) part["variants"].push_back(variants[i]);
        const Study s = studyFromJson(part.dump(), source);
        out.columns.insert(out.columns.end(), s.columns.begin(), s.columns.end());
    }
    return out;
}

}  // namespace

std::vector<PresetInfo> presetList() {
    std::vector<PresetInfo> out;
    for (const QString& file : QDir(kPresetDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(kPresetDir + QLatin1Char('/') + file);
        if (!f.open(QIODevice::ReadOnly)) continue;
        const json j = json::parse(f.readAll().toStdString(), nullptr, false);
        out.push_back({file.chopped(5).toStdString(), j.is_object() ? j.value("description", "") : ""});
    }
    return out;
}

void applyFigureJson(FigureSpec& spec, const std::string& figureJson, const std::string& source) {
    try {
        const json f = json::parse(figureJson);
        if (f.contains("view")) spec.view = f["view"].get<std::string>();
        if (f.contains("width_in")) spec.widthIn = f["width_in"].get<double>();
        if (f.contains("height_in")) spec.heightIn = f["height_in"].get<double>();
        if (f.contains("dpi")) spec.dpi = f["dpi"].get<double>();
        if (f.contains("font_pt")) spec.fontPt = f["font_pt"].get<double>();
        if (f.contains("theme")) spec.theme = parseTheme(f["theme"].get<std::string>());
        if (f.contains("title")) spec.title = f["title"].get<std::string>();
        if (f.contains("panels")) spec.panels = f["panels"].get<std::vector<std::string>>();
        if (f.contains("columns")) {
            spec.columns.clear();
            for (int c : f["columns"].get<std::vector<int>>()) spec.columns.push_back(c - 1);  // 1-based in files
        }
        if (f.contains("azimuth_deg")) spec.azimuthDeg = f["azimuth_deg"].get<double>();
        if (f.contains("elevation_deg")) spec.elevationDeg = f["elevation_deg"].get<double>();
        if (f.contains("perspective")) spec.perspective = f["perspective"].get<bool>();
        if (f.contains("rate_colors"))
            spec.rateColors = f["rate_colors"].get<std::string>() == "colorblind" ? RateColors::ColorBlindSafe : RateColors::Paper;
    } catch (const json::exception& e) {
        throw BadFile(source + ": bad \"figure\" settings (" + e.what() + ")");
    }
}

FigureSpec loadPreset(const std::string& name) {
    const json j = readPreset(name);
    const std::string source = "preset " + name;
    if (!j.is_object() || j.value("format", "") != "ropescope-figure-preset" || !j.contains("study") || !j.contains("figure"))
        throw BadFile(source + ": not a ropescope-figure-preset with \"figure\" and \"study\"");
    FigureSpec spec;
    spec.source = source;
    spec.presetName = name;
    spec.study = presetStudy(j["study"], source);
    applyFigureJson(spec, j["figure"].dump(), source);
    return spec;
}

}  // namespace rope::figures
