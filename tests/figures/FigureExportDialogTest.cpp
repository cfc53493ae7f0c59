// The export dialog: its preview is the figure that will be written, its command line reproduces
// it, and it exports every format. Runs on the offscreen platform (no X server). Leaves
// export-dialog.png (a grab of the dialog) for a person to look at.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "figures/FigureRenderer.h"
#include "widgets/FigureExportDialog.h"

using namespace rope;

class FigureExportDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewIsThePageAtScreenResolution() {
        widgets::FigureExportDialog d(demoStudy(), QString());
        d.select(QStringLiteral("preset:fig4"));
        const figures::FigureSpec s = d.spec();
        QCOMPARE(QString::fromStdString(s.view), QStringLiteral("frequency"));
        QCOMPARE(s.widthIn, 6.75);
        const QImage preview = d.previewImage();
        QVERIFY(!preview.isNull());
        figures::FigureData data;
        QVERIFY(figures::computeFigureData(s, &data));
        const QSizeF page = figures::pageSize(s, figures::buildView(s, data));
        // Same aspect as the page that will be written (to a pixel of rounding).
        QVERIFY(std::abs(preview.height() - preview.width() * page.height() / page.width()) <= 1.0);
        d.resize(1100, 520);
        d.show();
        d.grab().save(QStringLiteral("export-dialog.png"));
    }

    void fitsA1280x800Screen() {  // leaves export-dialog-natural.png (its natural size) to look at
        widgets::FigureExportDialog d(demoStudy(), QString());
        d.select(QStringLiteral("preset:fig7"));
        d.adjustSize();
        QVERIFY2(d.width() <= 1280 && d.height() <= 760, qPrintable(QStringLiteral("%1x%2").arg(d.width()).arg(d.height())));
        d.show();
        d.grab().save(QStringLiteral("export-dialog-natural.png"));
    }

    void commandLineNamesThePresetViewAndSize() {
        widgets::FigureExportDialog d(demoStudy(), QStringLiteral("/data/my study.json"));
        d.select(QStringLiteral("preset:fig6"));
        const QString preset = d.commandLine(QStringLiteral("/tmp/f.pdf"));
        QVERIFY2(preset.startsWith(QStringLiteral("ropescope figure --preset fig6 --view index-growth --out /tmp/f.pdf --width-in 6.75")),
                 qPrintable(preset));
        d.select(QStringLiteral("kernel"));
        const QString study = d.commandLine(QStringLiteral("/tmp/k.svg"));
        QVERIFY2(study.contains(QStringLiteral("--study '/data/my study.json' --view kernel")), qPrintable(study));
        QVERIFY(study.contains(QStringLiteral("--dpi 300 --font-pt 8 --theme print")));
    }

    void cameraComesFromTheOnScreenView() {
        // The 3D view's default eye direction is (−0.86, 0.36, 0.36) (viz/IndexGrowthScene.cpp), so
        // its direction of projection is (0.86, −0.36, −0.36): elevation asin(0.36 / 0.9994) = 21.12°,
        // azimuth atan2(0.36, 0.86) = 22.71°.
        widgets::FigureExportDialog d(demoStudy(), QString());
        d.select(QStringLiteral("index-growth"));
        const double dop[3] = {0.86, -0.36, -0.36};
        d.setViewDirection(dop, false);
        QVERIFY(std::abs(d.spec().azimuthDeg - 22.71) < 0.06);  // the dialog keeps one decimal
        QVERIFY(std::abs(d.spec().elevationDeg - 21.12) < 0.06);
        QVERIFY(!d.spec().perspective);
        const double side[3] = {0, 0, -1};  // looking along −t: eye on +t, az = 90°, el = 0
        d.setViewDirection(side, true);
        QVERIFY(std::abs(d.spec().azimuthDeg - 90) < 1e-9);
        QVERIFY(std::abs(d.spec().elevationDeg) < 1e-9);
        const QString cmd = d.commandLine(QStringLiteral("f.pdf"));
        QVERIFY2(cmd.contains(QStringLiteral("--azimuth 90 --elevation 0 --perspective")), qPrintable(cmd));
    }

    void exportsEveryFormat() {
        QTemporaryDir dir;
        widgets::FigureExportDialog d(demoStudy(), QString());
        d.select(QStringLiteral("table1"));
        QString error;
        const struct { const char* name; QByteArray magic; } cases[] = {
            {"t.png", QByteArray("\x89PNG")}, {"t.svg", QByteArray("<?xml")}, {"t.pdf", QByteArray("%PDF")}, {"t.tex", QByteArray("% Table 1")}};
        for (const auto& c : cases) {
            const QString path = dir.filePath(QString::fromLatin1(c.name));
            QVERIFY2(d.exportTo(path, &error), qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(f.read(c.magic.size()) == c.magic, c.name);
        }
        QVERIFY(!d.exportTo(dir.filePath(QStringLiteral("t.bmp")), &error));
        QVERIFY2(error.contains(QStringLiteral(".png, .svg or .pdf")), qPrintable(error));
    }
};

QTEST_MAIN(FigureExportDialogTest)
#include "FigureExportDialogTest.moc"
