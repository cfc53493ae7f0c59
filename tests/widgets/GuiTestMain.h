#pragma once
// main() for the VTK-view QtTest suites: multisampling off so pixel checks see exact colours.
#include <QApplication>
#include <QtTest>
#include <vtkOpenGLRenderWindow.h>

#include "widgets/VtkView.h"

#define ROPE_VTK_GUI_TEST_MAIN(TestClass)                                       \
    int main(int argc, char** argv) {                                          \
        rope::widgets::preferX11Platform();                                    \
        vtkOpenGLRenderWindow::SetGlobalMaximumNumberOfMultiSamples(0);        \
        QApplication app(argc, argv);                                          \
        TestClass test;                                                        \
        return QTest::qExec(&test, argc, argv);                                \
    }
