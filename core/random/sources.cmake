# Machine-independent random numbers (splitmix64, xoshiro256**, normals) shared by V-NIAH and the
# built-in model's sign streams; included by core/CMakeLists.txt. Reproducible on any machine: no
# fused multiply-add may change a rounding (clang contracts by default; GCC does not in ISO mode).
set(rope_random_sources ${CMAKE_CURRENT_SOURCE_DIR}/random/DeterministicRng.cpp)
target_sources(ropescope_core PRIVATE ${rope_random_sources})
set_source_files_properties(${rope_random_sources} PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
