#pragma once
// The scene the VTK pixel tests know by heart: an unlit red cube framed on a blue background, so
// the centre pixel is exactly (255, 0, 0) and the corners exactly (0, 0, 255).
#include <vtkActor.h>
#include <vtkCubeSource.h>
#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

namespace rope::testing {

inline void addKnownScene(vtkRenderer* renderer) {
    vtkNew<vtkCubeSource> cube;
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(cube->GetOutputPort());
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(1, 0, 0);
    actor->GetProperty()->SetAmbient(1);
    actor->GetProperty()->SetDiffuse(0);
    actor->GetProperty()->SetSpecular(0);
    renderer->AddActor(actor);
    renderer->SetBackground(0, 0, 1);
    renderer->ResetCamera();
}

}  // namespace rope::testing
