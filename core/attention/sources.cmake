# q/k capture files (our own safetensors reader/writer) and the attention maths over a captured
# head; included by core/CMakeLists.txt. Eigen + nlohmann-json only, like the rest of core.
target_sources(ropescope_core PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/Safetensors.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/CaptureFile.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/attention/Attention.cpp)
