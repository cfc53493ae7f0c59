# `ropescope check` and decode-time positions (issue 15): comparing a pipeline's dumped position
# ids and cos/sin with the registry, the diagnosis search, generated tokens. Included by
# core/CMakeLists.txt.
target_sources(ropescope_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/DecodePositions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/FoundPositions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PositionCheck.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Diagnosis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/Pitfalls.cpp
  ${CMAKE_CURRENT_LIST_DIR}/RotaryCheck.cpp
  ${CMAKE_CURRENT_LIST_DIR}/CheckRun.cpp)
