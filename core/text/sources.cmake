# Strict text → number parsing shared by every core parser; included by core/CMakeLists.txt.
target_sources(ropescope_core PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/text/TextParse.cpp)
