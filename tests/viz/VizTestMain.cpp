// main() for test_viz: no multisampling, so pixel checks see exact colours.
#include <gtest/gtest.h>
#include <vtkOpenGLRenderWindow.h>

int main(int argc, char** argv) {
    vtkOpenGLRenderWindow::SetGlobalMaximumNumberOfMultiSamples(0);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
