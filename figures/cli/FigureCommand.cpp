#include "FigureCommand.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <new>
#include <set>
#include <sstream>

#include "core/Errors.h"
#include "formats/OutputTransaction.h"
#include "core/ParamSchema.h"
#include "figures/FigureData.h"
#include "figures/FigureRenderer.h"
#include "figures/Presets.h"

namespace rope::figures {
namespace {

const std::set<std::string> kValueFlags = {"study", "preset", "view", "out", "width-in", "size", "dpi", "font-pt", "theme",
                                           "columns", "panels", "data", "colors", "azimuth", "elevation", "title"};
const std::set<std::string> kSwitches = {"list", "help", "quiet", "perspective"};

struct Args {
    std::map<std::string, std::string> values;
    std::set<std::string> switches;
    bool has(const std::string& k) const { return values.count(k) > 0; }
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) throw InvalidParameter("argument", arg, "is not a flag; run ropescope figure --help");
        const std::string name = arg.substr(2);
        if (kSwitches.count(name)) {
            a.switches.insert(name);
        } else if (kValueFlags.count(name)) {
            if (i + 1 >= argc) throw InvalidParameter(arg, "", "needs a value");
            if (a.values.count(name)) throw InvalidParameter(arg, argv[i + 1], "is given twice");
            a.values[name] = argv[++i];
        } else {
            throw InvalidParameter("flag", arg, "is not known to ropescope figure; run ropescope figure --help");
        }
    }
    return a;
}

double number(const std::string& flag, const std::string& text) {
    size_t used = 0;
    double v = NAN;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(v)) throw InvalidParameter("--" + flag, text, "must be a number");
    return v;
}

std::vector<std::string> listOf(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw BadFile(path + ": cannot be read (missing or not permitted); give an existing study file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

FigureSpec specFrom(const Args& a, bool needView) {
    if (a.has("study") == a.has("preset")) throw InvalidParameter("--study / --preset", "", "exactly one of them is needed");
    FigureSpec s;
    if (a.has("preset")) {
        s = loadPreset(a.values.at("preset"));
    } else {
        const std::string& path = a.values.at("study");
        s.study = studyFromJson(readFile(path), path);
        s.source = path;
        s.studyPath = path;
        if (needView && !a.has("view")) throw InvalidParameter("--view", "", "is needed with --study (ropescope figure --list shows the views)");
    }
    if (a.has("view")) {
        if (!findView(a.values.at("view"))) {
            s.view = a.values.at("view");
            validateSpec(s);  // names the views
        }
        if (a.values.at("view") != s.view) s.panels.clear();  // the preset's panels belong to its view
        s.view = a.values.at("view");
    }
    if (a.has("dpi")) s.dpi = number("dpi", a.values.at("dpi"));
    if (!(s.dpi >= kMinDpi && s.dpi <= kMaxDpi)) throw InvalidParameter("--dpi", a.values.count("dpi") ? a.values.at("dpi") : "", "must be between 50 and 2400");
    if (a.has("width-in") && a.has("size")) throw InvalidParameter("--width-in", a.values.at("width-in"), "cannot be combined with --size");
    if (a.has("width-in")) {
        s.widthIn = number("width-in", a.values.at("width-in"));
        s.heightIn = 0;
        if (!(s.widthIn > 0) || s.widthIn > kMaxSizeIn)
            throw InvalidParameter("--width-in", a.values.at("width-in"), "must be more than 0 and at most 100 (inches)");
    }
    if (a.has("size")) parseSize(a.values.at("size"), s.dpi, &s.widthIn, &s.heightIn);
    if (a.has("font-pt")) s.fontPt = number("font-pt", a.values.at("font-pt"));
    if (a.has("theme")) s.theme = parseTheme(a.values.at("theme"));
    if (a.has("title")) s.title = a.values.at("title");
    if (a.has("azimuth")) s.azimuthDeg = number("azimuth", a.values.at("azimuth"));
    if (a.has("elevation")) s.elevationDeg = number("elevation", a.values.at("elevation"));
    if (a.switches.count("perspective")) s.perspective = true;
    if (a.has("colors")) {
        const std::string& c = a.values.at("colors");
        if (c != "paper" && c != "colorblind") throw InvalidParameter("--colors", c, "must be paper or colorblind");
        s.rateColors = c == "paper" ? RateColors::Paper : RateColors::ColorBlindSafe;
    }
    if (a.has("columns")) {
        s.columns.clear();
        for (const std::string& c : listOf(a.values.at("columns"))) {
            const double v = number("columns", c);
            if (v != std::floor(v) || v < 1 || v > static_cast<double>(s.study.columns.size()))
                throw InvalidParameter("--columns", c, "must name study columns 1.." + std::to_string(s.study.columns.size()));
            s.columns.push_back(static_cast<int>(v) - 1);
        }
        if (s.columns.empty()) throw InvalidParameter("--columns", a.values.at("columns"), "must list at least one column");
    }
    if (a.has("panels")) s.panels = listOf(a.values.at("panels"));
    validateSpec(s);
    return s;
}

void requireWritableDir(const std::string& path, const std::string& flag) {
    const QFileInfo info(QString::fromStdString(path));
    const QFileInfo dir(info.absolutePath());
    if (info.isDir()) throw InvalidParameter(flag, path, "is a directory; give a file name");
    if (!dir.isDir()) throw InvalidParameter(flag, path, "cannot be written: folder " + dir.filePath().toStdString() + " does not exist");
    if (!dir.isWritable()) throw InvalidParameter(flag, path, "cannot be written: folder " + dir.filePath().toStdString() + " is not writable");
    if (info.exists() && !info.isWritable()) throw InvalidParameter(flag, path, "cannot be written: the file is read-only");
}

RunControl progressTo(bool quiet, const std::string& view = "vniah") {
    RunControl ctl;
    if (quiet) return ctl;
    const std::string what = view == "attention" ? "attention" : "V-NIAH";  // the two views that compute
    ctl.progress = [last = -1, what](double f) mutable {
        const int pct = static_cast<int>(f * 100);
        if (pct / 10 != last / 10) std::cerr << "ropescope figure: " << what << " " << pct << " %\n";
        last = pct;
        return true;
    };
    return ctl;
}

int listCommand() {
    std::ostringstream o;
    o << "Views (--view):\n";
    for (const ViewInfo& v : figureViews()) o << "  " << v.name << std::string(15 - v.name.size(), ' ') << v.human << " — panels: " << v.panelHelp << "\n";
    o << "Presets (--preset):\n";
    for (const PresetInfo& p : presetList()) o << "  " << p.name << std::string(15 - std::min<size_t>(14, p.name.size()), ' ') << p.description << "\n";
    std::cout << o.str();
    return 0;
}

int helpCommand() {
    std::cout << "ropescope figure  (--study FILE | --preset NAME) --view NAME --out FILE.{png,svg,pdf}\n"
                 "                  [--width-in W | --size WxH[in|mm]] [--dpi N] [--font-pt N] [--theme print|screen]\n"
                 "                  [--columns 1,2] [--panels KEY,...] [--data FILE.csv|FILE.json] [--colors paper|colorblind]\n"
                 "                  [--azimuth DEG] [--elevation DEG] [--perspective] [--title TEXT] [--quiet]\n"
                 "ropescope figures (--study FILE | --preset NAME) --out DIR   every view as PNG, SVG, PDF and CSV\n"
                 "ropescope figure --list                                      views and presets\n\n"
                 "Sizes: --width-in 3.25 (single column) or 6.75 (double column); height follows the panels' shape,\n"
                 "or --size 6.75x3in / 170x80mm / 2000x1200 (pixels at --dpi). Default font 8 pt, 300 dpi.\n"
                 "--out table1.tex writes Table 1 as LaTeX (booktabs). --data writes exactly the plotted numbers.\n"
                 "View vniah runs the V-NIAH experiment with the study's vniah.* settings (progress on stderr).\n"
                 "Runs without a display (Qt's offscreen platform). Bad input: exit 2, one line on stderr.\n";
    return 0;
}

int figureCommand(const Args& a) {
    if (!a.has("out")) throw InvalidParameter("--out", "", "is needed (FILE.png, FILE.svg or FILE.pdf)");
    const FigureSpec spec = specFrom(a, true);
    const std::string out = a.values.at("out");
    const FileFormat format = formatFromPath(out);
    requireWritableDir(out, "--out");
    if (format == FileFormat::Tex && spec.view != "table1") throw InvalidParameter("--out", out, "(.tex) is only made for view table1");
    if (a.has("data")) {
        const std::string& d = a.values.at("data");
        const QString ext = QFileInfo(QString::fromStdString(d)).suffix().toLower();
        if (ext != QLatin1String("csv") && ext != QLatin1String("json")) throw InvalidParameter("--data", d, "must end in .csv or .json");
        requireWritableDir(d, "--data");
    }
    FigureData data;
    if (!computeFigureData(spec, &data, progressTo(a.switches.count("quiet") > 0, spec.view))) return 130;
    const ViewDrawing drawing = buildView(spec, data);
    const QByteArray bytes = renderBytes(spec, data, drawing, format);
    QByteArray sidecar;
    if (a.has("data")) sidecar = sidecarBytes(spec, drawing, a.values.at("data"));
    // The figure and its data sidecar appear together or not at all.
    OutputTransaction files;
    files.write(out, std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    if (a.has("data")) files.write(a.values.at("data"), std::string_view(sidecar.constData(), static_cast<size_t>(sidecar.size())));
    files.commit();
    if (!a.switches.count("quiet")) {
        const QSizeF page = pageSize(spec, drawing);
        std::fprintf(stderr, "ropescope figure: wrote %s (%.2f × %.2f in)\n", out.c_str(), page.width() / 72, page.height() / 72);
    }
    return 0;
}

int figuresCommand(const Args& a) {
    if (!a.has("out")) throw InvalidParameter("--out", "", "is needed (a folder)");
    if (a.has("view")) throw InvalidParameter("--view", a.values.at("view"), "is for ropescope figure; figures makes every view");
    const FigureSpec base = specFrom(a, false);
    const QString dir = QString::fromStdString(a.values.at("out"));
    if (QFileInfo(dir).exists() && !QFileInfo(dir).isDir()) throw InvalidParameter("--out", a.values.at("out"), "is a file; give a folder");
    if (QFileInfo(dir).isDir() && !QFileInfo(dir).isWritable()) throw InvalidParameter("--out", a.values.at("out"), "is not writable");
    std::vector<std::pair<std::string, QByteArray>> files;  // all rendered before any is written
    const bool quiet = a.switches.count("quiet") > 0;
    for (const ViewInfo& v : figureViews()) {
        const AttentionSettings& att = base.study.shared().attention;
        if (v.name == "attention" && att.video.empty() && att.model.empty()) continue;  // the study has no video
        FigureSpec spec = base;
        if (spec.view != v.name) spec.panels.clear();
        spec.view = v.name;
        FigureData data;
        if (!computeFigureData(spec, &data, progressTo(quiet, spec.view))) return 130;
        const ViewDrawing drawing = buildView(spec, data);
        const std::string stem = QString(dir + QLatin1Char('/')).toStdString() + v.name;
        for (FileFormat f : {FileFormat::Png, FileFormat::Svg, FileFormat::Pdf})
            files.emplace_back(stem + "." + formatExtension(f), renderBytes(spec, data, drawing, f));
        if (v.name == "table1") files.emplace_back(stem + ".tex", renderBytes(spec, data, drawing, FileFormat::Tex));
        files.emplace_back(stem + ".csv", sidecarBytes(spec, drawing, stem + ".csv"));
    }
    // All files or none, and a folder this run created is removed again on failure.
    OutputTransaction written;
    for (const auto& [path, bytes] : files) written.write(path, std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    written.commit();
    if (!quiet) std::fprintf(stderr, "ropescope figures: wrote %zu files into %s\n", files.size(), a.values.at("out").c_str());
    return 0;
}

std::string quoted(const std::string& s) {
    if (!s.empty() && s.find_first_of(" \t'\"$\\*?;&|<>()") == std::string::npos) return s;
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

bool isFigureCommand(const char* arg) { return std::strcmp(arg, "figure") == 0 || std::strcmp(arg, "figures") == 0; }

int runFigureCommand(int argc, char** argv) {
    const std::string command = argv[1];
    // Figures never open a window: the offscreen platform needs no X server or DISPLAY.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own notes (e.g. "XDG_RUNTIME_DIR not set") are not ours to print: stderr carries our
    // one-line messages only.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& msg) {
        if (type == QtCriticalMsg || type == QtFatalMsg) std::cerr << "ropescope figure: Qt: " << msg.toStdString() << "\n";
    });
    static int qtArgc = 1;
    static char* qtArgv[] = {argv[0], nullptr};
    QGuiApplication app(qtArgc, qtArgv);
    try {
        const Args a = parse(argc, argv);
        if (a.switches.count("help")) return helpCommand();
        if (a.switches.count("list")) return listCommand();
        return command == "figures" ? figuresCommand(a) : figureCommand(a);
    } catch (const InvalidParameter& e) {
        std::cerr << "ropescope " << command << ": " << e.what() << "\n";
    } catch (const TooLarge& e) {
        std::cerr << "ropescope " << command << ": " << e.what() << "\n";
    } catch (const WriteFailed& e) {  // a failed write: exit 1 (cli.md), nothing of the run is left
        std::cerr << "ropescope " << command << ": " << e.what() << "\n";
        return 1;
    } catch (const BadFile& e) {
        std::cerr << "ropescope " << command << ": " << e.what() << "\n";
    } catch (const std::bad_alloc&) {
        std::cerr << "ropescope " << command << ": out of memory; use a smaller sequence or figure\n";
    }
    return 2;
}

std::string figureCommandLine(const FigureSpec& s, const std::string& out) {
    std::string c = "ropescope figure ";
    c += !s.presetName.empty() ? "--preset " + quoted(s.presetName) : "--study " + quoted(s.studyPath.empty() ? "STUDY.json" : s.studyPath);
    c += " --view " + s.view + " --out " + quoted(out);
    if (s.heightIn > 0) c += " --size " + formatNumber(std::round(s.widthIn * 1000) / 1000) + "x" + formatNumber(std::round(s.heightIn * 1000) / 1000) + "in";
    else c += " --width-in " + formatNumber(std::round(s.widthIn * 1000) / 1000);
    c += " --dpi " + formatNumber(s.dpi) + " --font-pt " + formatNumber(s.fontPt) + " --theme " + themeName(s.theme);
    if (!s.columns.empty()) {
        std::string cols;
        for (int k : s.columns) cols += (cols.empty() ? "" : ",") + std::to_string(k + 1);
        c += " --columns " + cols;
    }
    if (!s.panels.empty()) {
        std::string p;
        for (const std::string& k : s.panels) p += (p.empty() ? "" : ",") + k;
        c += " --panels " + p;
    }
    if (s.rateColors == RateColors::ColorBlindSafe && s.view == "vniah") c += " --colors colorblind";
    if (s.view == "index-growth") {
        c += " --azimuth " + formatNumber(std::round(s.azimuthDeg * 10) / 10) + " --elevation " +
             formatNumber(std::round(s.elevationDeg * 10) / 10);
        if (s.perspective) c += " --perspective";
    }
    return c;
}

}  // namespace rope::figures
