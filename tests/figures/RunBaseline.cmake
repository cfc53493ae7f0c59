# One image-baseline test: renders a figure with the real `ropescope figure` (no DISPLAY) and
# compares it with tests/baselines/NAME.png.
#   cmake -DEXE=ropescope -DCOMPARE=figure_image_compare -DNAME=fig4 -DBASELINE=... -DOUT=dir
#         -DARGS="figure|--preset|fig4" -DMAX_MEAN=0.5 -DMAX_FRACTION=0.002 -P RunBaseline.cmake
# On failure OUT/NAME-actual.png and OUT/NAME-diff.png are left for a person to look at.
string(REPLACE "|" ";" args "${ARGS}")
file(MAKE_DIRECTORY "${OUT}")
set(actual "${OUT}/${NAME}-actual.png")
file(REMOVE "${actual}" "${OUT}/${NAME}-diff.png")
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY "${EXE}" ${args} --out "${actual}" --quiet
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ropescope ${ARGS} failed (${rc}): ${err}")
endif()
execute_process(COMMAND "${COMPARE}" "${actual}" "${BASELINE}" "${OUT}/${NAME}-diff.png" "${MAX_MEAN}" "${MAX_FRACTION}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NAME}: ${err}")
endif()
