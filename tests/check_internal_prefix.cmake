# Every global symbol the static library defines is public (co_, listed in
# tests/abi/) or internal with the one internal prefix co__. A static archive
# exposes all of them to the programs that link it, so an unprefixed helper
# such as "read_whole_file" would collide with the caller's own.
execute_process(COMMAND nm -g --defined-only ${LIBRARY}
  OUTPUT_VARIABLE nm_out RESULT_VARIABLE nm_rc)
if(NOT nm_rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" nm_lines "${nm_out}")

file(GLOB lists ${EXPECTED_DIR}/*.txt)
set(public "")
foreach(f ${lists})
  file(STRINGS ${f} names REGEX "^[A-Za-z_]")
  list(APPEND public ${names})
endforeach()

set(count 0)
foreach(line ${nm_lines})
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Z] ([A-Za-z_][A-Za-z0-9_.]*)$")
    continue()
  endif()
  set(sym ${CMAKE_MATCH_1})
  math(EXPR count "${count} + 1")
  if(sym MATCHES "^co__")
    continue()
  endif()
  list(FIND public ${sym} at)
  if(at EQUAL -1)
    message(SEND_ERROR "global symbol neither public nor co__-prefixed: ${sym}")
  endif()
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "nm listed no global symbol in ${LIBRARY}")
endif()
message(STATUS "${count} global symbols, each public or co__-prefixed")
