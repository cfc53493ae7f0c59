# The light front links core only (README "Command line"): no Qt, VTK, OpenCV, LibTorch or MPI
# library among the shared libraries `ropescope` loads, directly or through another library.
#   cmake -DEXE=path/to/ropescope -P CheckLightFront.cmake
execute_process(COMMAND ldd "${EXE}" RESULT_VARIABLE rc OUTPUT_VARIABLE libs ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ldd ${EXE} failed (${rc}): ${err}")
endif()
string(REGEX MATCHALL "lib(Qt6|vtk|opencv_|torch|c10|mpi|GL|X11)[^ ]*" heavy "${libs}")
if(heavy)
  list(REMOVE_DUPLICATES heavy)
  message(FATAL_ERROR "${EXE} loads GUI/ML libraries: ${heavy}")
endif()
message(STATUS "${EXE} loads:\n${libs}")
