# rope_warnings(target): the project's warning set, PRIVATE so it never leaks to dependants.
function(rope_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
  if(ROPESCOPE_STRICT_WARNINGS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# rope_qt_hygiene(target): Qt defines every Qt-facing target uses. QT_NO_KEYWORDS because LibTorch
# headers use `slots` as an identifier: write Q_SLOTS, Q_SIGNALS, Q_EMIT.
function(rope_qt_hygiene target)
  target_compile_definitions(${target} PUBLIC QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII
    QT_USE_QSTRINGBUILDER QT_NO_NARROWING_CONVERSIONS_IN_CONNECT)
endfunction()
