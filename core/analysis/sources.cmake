target_sources(ropescope_core PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/analysis/Kernels.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/analysis/StudyResults.cpp)
