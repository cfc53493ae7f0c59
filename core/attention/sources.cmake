# Attention maths over a captured head (pre-rotation q/k in memory) — the files that read and write
# captures are in formats/. Included by core/CMakeLists.txt. Eigen only, like the rest of core.
target_sources(ropescope_core PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/QkCapture.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/Attention.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/AttentionSchema.cpp)
