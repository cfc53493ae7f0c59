// The "Compose variant…" dialog (issue 15): it starts derived from the column's variant, carries
// option values across an allocation change, refuses what the core refuses, and a variant saved to
// the per-user library appears in the parameter panel's picker under "My variants". The library
// lives in Qt's test-mode application-data folder, never the user's. Writes compose_dialog.png
// (the dialog as shown) into the build folder for a look.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QtTest>

#include "core/ParamSchema.h"
#include "core/Study.h"
#include "core/variants/UserVariants.h"
#include "widgets/ComposeVariantDialog.h"
#include "widgets/ParameterPanel.h"
#include "widgets/VariantLibrary.h"

using namespace rope;
using rope::widgets::ComposeVariantDialog;

class ComposeVariantDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QDir(widgets::VariantLibrary::folder()).removeRecursively();
    }

    void startsDerivedFromTheColumn() {
        Params p = paramsFor("videorope");
        setParam(p, "videorope.diagonal", "off");
        ComposeVariantDialog d(p);
        const CustomVariant v = d.current();
        QCOMPARE(v.composition.design, std::string("diagonal"));
        QCOMPARE(v.composition.allocation, std::string("section-bands"));
        QCOMPARE(v.composition.values.at("diagonal.centred"), std::string("off"));
        QCOMPARE(v.composition.values.at("diagonal.stride"), std::string("delta"));
        QCOMPARE(v.derivedFrom, std::string("videorope"));
        QCOMPARE(v.name, std::string("videorope-custom"));
        QVERIFY2(d.problem().isEmpty(), qPrintable(d.problem()));
    }

    // "VideoRoPE without DL but with HoPE's NoPE band": derive from VideoRoPE, DL off, allocation
    // zero-frequency temporal band, a name, Save to library.
    void savedVariantAppearsInThePicker() {
        widgets::ParameterPanel panel;
        panel.showStudy(demoStudy());
        ComposeVariantDialog d(demoStudy().columns[1]);  // VideoRoPE
        auto* dl = d.findChild<QComboBox*>(QStringLiteral("diagonal.centred"));
        QVERIFY(dl);
        dl->setCurrentIndex(dl->findData(QStringLiteral("off")));
        auto* allocation = d.findChild<QComboBox*>(QStringLiteral("allocation"));
        allocation->setCurrentIndex(allocation->findData(QStringLiteral("zero-temporal-band")));
        auto* name = d.findChild<QLineEdit*>(QStringLiteral("variantName"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("videorope-nodl-nope"));
        QVERIFY2(d.problem().isEmpty(), qPrintable(d.problem()));
        d.resize(620, 700);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.grab().save(QStringLiteral(ROPE_TEST_OUTPUT_DIR "/compose_dialog.png"));
        QSignalSpy ready(&d, &ComposeVariantDialog::variantReady);
        d.findChild<QPushButton*>(QStringLiteral("saveToLibrary"))->click();
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).toString(), QStringLiteral("videorope-nodl-nope"));
        QVERIFY(QFile::exists(widgets::VariantLibrary::folder() + QStringLiteral("/videorope-nodl-nope.json")));
        const auto def = findCustomVariant("videorope-nodl-nope");
        QVERIFY(def);
        QCOMPARE(def->composition.values.at("diagonal.centred"), std::string("off"));
        // VideoRoPE's LTA band placement carried over to the new allocation.
        QCOMPARE(def->composition.values.at("zero-temporal-band.temporal_band"), std::string("low"));
        QCOMPARE(def->composition.values.at("zero-temporal-band.spatial_order"), std::string("interleaved"));

        Study s = demoStudy();
        s.set("variant", "videorope-nodl-nope", 1);
        panel.showStudy(s);
        bool listed = false;
        for (QComboBox* combo : panel.findChildren<QComboBox*>()) {
            bool underMine = false;
            for (int row = 0; row < combo->count(); ++row) {
                if (combo->itemText(row) == QStringLiteral("My variants")) underMine = true;
                if (combo->itemData(row).toString() == QStringLiteral("videorope-nodl-nope")) listed = underMine;
            }
        }
        QVERIFY(listed);
    }

    void refusesWhatTheCoreRefuses() {
        ComposeVariantDialog d(paramsFor("m-rope"));
        auto* name = d.findChild<QLineEdit*>(QStringLiteral("variantName"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("videorope"));
        QVERIFY(d.problem().contains(QStringLiteral("is a built-in variant")));
        QVERIFY(!d.findChild<QPushButton*>(QStringLiteral("saveToLibrary"))->isEnabled());
        name->clear();
        QTest::keyClicks(name, QStringLiteral("grid-streams"));
        auto* allocation = d.findChild<QComboBox*>(QStringLiteral("allocation"));
        allocation->setCurrentIndex(allocation->findData(QStringLiteral("per-stream")));
        QVERIFY2(d.problem().contains(QStringLiteral("reads axes s0, s1, s2, s3 but design grid produces t, h, w")),
                 qPrintable(d.problem()));
        QVERIFY(!d.findChild<QPushButton*>(QStringLiteral("useInColumn"))->isEnabled());
        QVERIFY(!findCustomVariant("grid-streams"));
    }
};

QTEST_MAIN(ComposeVariantDialogTest)
#include "ComposeVariantDialogTest.moc"
