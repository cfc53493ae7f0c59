# The variant registry (core/variants/Variant.h): one file per position design, per frequency
# allocation, and per group of registry entries. Globbed so that adding a design, an allocation or
# an entry file needs no edit here.
file(GLOB variant_sources CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/*.cpp
  ${CMAKE_CURRENT_LIST_DIR}/designs/*.cpp
  ${CMAKE_CURRENT_LIST_DIR}/allocations/*.cpp
  ${CMAKE_CURRENT_LIST_DIR}/entries/*.cpp)
target_sources(ropescope_core PRIVATE ${variant_sources})
