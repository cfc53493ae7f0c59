# V-NIAH / V-NIAH-D experiment (shared/specs/vniah.md); included by core/CMakeLists.txt.
set(rope_vniah_sources
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/VniahSettings.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/VniahSchema.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/VniahGeometry.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/VniahContent.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/ParallelJobs.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/VniahExperiment.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/KeyScorer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/vniah/CapturedVniah.cpp
)
target_sources(ropescope_core PRIVATE ${rope_vniah_sources})
# Reproducible on any machine: no fused multiply-add may change a rounding (clang contracts by
# default; GCC already does not in ISO C++ mode).
set_source_files_properties(${rope_vniah_sources} PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
find_package(Threads REQUIRED)
target_link_libraries(ropescope_core PUBLIC Threads::Threads)
