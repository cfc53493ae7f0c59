# RunCli.cmake checks the exit status as well as the output: a program that prints the expected
# text and then dies of a signal must be reported (PASS_REGULAR_EXPRESSION alone would pass it).
#   cmake -DRUNCLI=path/to/RunCli.cmake -DTESTS_DIR=path/to/tests -P RunCliSelfTest.cmake
function(run_check script out_rc out_err)
  execute_process(COMMAND ${CMAKE_COMMAND} -DEXE=/bin/sh "-DARGS=-c|${script}" -DEXPECT_EXIT=0
                          "-DSTDOUT_REGEX=row 1 2 3" -P ${RUNCLI}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_err} "${out}${err}" PARENT_SCOPE)
endfunction()

run_check("echo 'row 1 2 3'" rc err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the control case (right output, exit 0) failed: ${err}")
endif()
run_check("echo 'row 1 2 3' && kill -SEGV $$" rc err)
if(rc EQUAL 0 OR NOT err MATCHES "exit status .*expected 0")
  message(FATAL_ERROR "a crash after the right output was not reported (rc ${rc}): ${err}")
endif()
run_check("echo 'row 1 2 3' && exit 3" rc err)
if(rc EQUAL 0 OR NOT err MATCHES "exit status 3, expected 0")
  message(FATAL_ERROR "exit 3 after the right output was not reported (rc ${rc}): ${err}")
endif()

# No test relies on PASS_REGULAR_EXPRESSION, which makes ctest ignore the exit status.
file(GLOB_RECURSE test_lists ${TESTS_DIR}/CMakeLists.txt ${TESTS_DIR}/*.cmake)
list(REMOVE_ITEM test_lists ${CMAKE_CURRENT_LIST_FILE})
foreach(f IN LISTS test_lists)
  file(STRINGS ${f} hits REGEX "PASS_REGULAR_EXPRESSION")
  list(FILTER hits EXCLUDE REGEX "^ *#")
  if(hits)
    message(FATAL_ERROR "${f} uses PASS_REGULAR_EXPRESSION (exit status ignored); use RunCli.cmake: ${hits}")
  endif()
endforeach()
